/*
 * Lab 5.2's grader: backtrace_walk() follows the frame pointers.
 *
 * Three functions call each other; the innermost walks from its own frame
 * and must find the return addresses the compiler reports with
 * __builtin_return_address(0), in order. A hand-made chain shows that the
 * walk stops at a zero, a misaligned or a lower frame pointer and at a
 * return address outside the code. Last, a breakpoint's report must show
 * a backtrace line.
 *
 * The instructor's hidden variant (lab_backtrace_hidden.c) builds this file
 * with other values for the macros below: other names and one more level
 * for the breakpoint's callers, and another maximum for the walk, so that
 * a backtrace made up to fit this test fails it.
 */
#include <stdint.h>
#include "backtrace.h"
#include "kernel_init.h"
#include "kernel_layout.h"
#include "ktest.h"
#include "x86.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

/* An empty asm with a memory clobber: the calls below are not the last
 * thing their caller does, so the compiler cannot turn them into jumps. */
#define KEEP_FRAME() __asm__ volatile("" ::: "memory")

#ifndef GUARD
#define GUARD	     boot_stack_guard /* an unmapped guard page (kernel_layout.h) */
#define GUARD_OFFSET 64		      /* where in it the corrupt RBP points */
#endif
#ifndef STOP_AT
#define STOP_AT 2		/* the maximum of lab_backtrace_stops_at_max (2 or 3) */
#endif
#ifndef REPORT_INNER
/* The breakpoint's function and its callers (lab_backtrace.test names them):
 * REPORT_OUTER calls REPORT_MIDDLE, if defined, which calls REPORT_INNER. */
#define REPORT_INNER report_level2
#define REPORT_OUTER report_level1
#endif

static uint64_t expected[3];	/* return addresses into level2, level1, the test */
static uint64_t found[BACKTRACE_MAX];
static size_t found_count;
static size_t walk_max = BACKTRACE_MAX;

__attribute__((noinline)) static void level3(void)
{
	expected[0] = (uintptr_t)__builtin_return_address(0);
	found_count = backtrace_walk((uintptr_t)__builtin_frame_address(0), found, walk_max);
	KEEP_FRAME();
}

__attribute__((noinline)) static void level2(void)
{
	expected[1] = (uintptr_t)__builtin_return_address(0);
	level3();
	KEEP_FRAME();
}

__attribute__((noinline)) static void level1(void)
{
	expected[2] = (uintptr_t)__builtin_return_address(0);
	level2();
	KEEP_FRAME();
}

KTEST(lab_backtrace_follows_the_calls)
{
	walk_max = BACKTRACE_MAX;
	level1();
	/* level2, level1, this test, ktest's runner and more above it. */
	ASSERT(found_count >= 4);
	ASSERT_EQ(found[0], expected[0]);
	ASSERT_EQ(found[1], expected[1]);
	ASSERT_EQ(found[2], expected[2]);
}

KTEST(lab_backtrace_stops_at_max)
{
	walk_max = STOP_AT;
	level1();
	walk_max = BACKTRACE_MAX;
	ASSERT_EQ(found_count, STOP_AT);
	for (size_t i = 0; i < STOP_AT; i++)
		ASSERT_EQ(found[i], expected[i]);
}

/* Hand-made frames: { saved RBP, return address }, in .bss like a stack. */
static uint64_t frames[4][2] __attribute__((aligned(16)));

KTEST(lab_backtrace_distrusts_the_stack)
{
	uint64_t code = (uintptr_t)&level1 + 1;	/* some address in the code */
	uint64_t out[BACKTRACE_MAX];

	frames[0][0] = (uintptr_t)frames[2];	/* up: fine */
	frames[0][1] = code;
	frames[2][0] = 0;			/* the end of the chain */
	frames[2][1] = code + 1;
	ASSERT_EQ(backtrace_walk((uintptr_t)frames[0], out, BACKTRACE_MAX), 2);
	ASSERT_EQ(out[0], code);
	ASSERT_EQ(out[1], code + 1);

	frames[2][0] = (uintptr_t)frames[1];	/* down again: a loop */
	ASSERT_EQ(backtrace_walk((uintptr_t)frames[0], out, BACKTRACE_MAX), 2);
	frames[2][0] = (uintptr_t)frames[3] + 4;	/* misaligned */
	ASSERT_EQ(backtrace_walk((uintptr_t)frames[0], out, BACKTRACE_MAX), 2);
	frames[2][1] = (uintptr_t)frames;	/* a return address in data */
	ASSERT_EQ(backtrace_walk((uintptr_t)frames[0], out, BACKTRACE_MAX), 1);

	ASSERT_EQ(backtrace_walk(0, out, BACKTRACE_MAX), 0);
	ASSERT_EQ(backtrace_walk((uintptr_t)frames[0] + 4, out, BACKTRACE_MAX), 0);
	ASSERT_EQ(backtrace_walk(0x40000000, out, BACKTRACE_MAX), 0);	/* outside the kernel */
	ASSERT_EQ(backtrace_walk((uintptr_t)frames[0], out, 0), 0);

	/* A frame pointer into an unmapped guard page, or one whose return
	 * address would lie in it: reading it would fault inside the report. */
	ASSERT_EQ(backtrace_walk((uintptr_t)GUARD + GUARD_OFFSET, out, BACKTRACE_MAX), 0);
	ASSERT_EQ(backtrace_walk((uintptr_t)GUARD - 8, out, BACKTRACE_MAX), 0);
}

/* The breakpoint of the last test, two (or three) calls deep: the report's
   backtrace must start with the return into its caller, and so on up to
   the test. */
static volatile uintptr_t trap_frame;

__attribute__((noinline)) static void REPORT_INNER(void)
{
	/* Taking its address gives this leaf function a frame of its own. */
	trap_frame = (uintptr_t)__builtin_frame_address(0);
	int3();
	KEEP_FRAME();
}

#ifdef REPORT_MIDDLE
__attribute__((noinline)) static void REPORT_MIDDLE(void)
{
	REPORT_INNER();
	KEEP_FRAME();
}
#define REPORT_CALLEE REPORT_MIDDLE
#else
#define REPORT_CALLEE REPORT_INNER
#endif

__attribute__((noinline)) static void REPORT_OUTER(void)
{
	REPORT_CALLEE();
	KEEP_FRAME();
}

KTEST(lab_backtrace_in_the_report)
{
	REPORT_OUTER(); /* the report, on serial, must have a backtrace line */
	KEEP_FRAME();
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	ktest_run_file_and_exit(__FILE__);
}
