/*
 * The kernel's answer to CPU exceptions: a report, then a stop (or, for a
 * breakpoint, carrying on). A kernel at this stage cannot repair a fault:
 * nothing it could do would make the faulting instruction succeed when it
 * runs again, so returning would only fault again, forever.
 */
#include <stdarg.h>
#include <stdbool.h>
#include "backtrace.h"
#include "console.h"
#include "exception_table.h"
#include "exceptions.h"
#include "panic.h"
#include "report_format.h"
#include "serial.h"
#include "serial_print.h"
#include "x86.h"

/* interrupt_stubs.asm: bit N set if the stub of vector N expects an error code. */
extern const uint32_t interrupt_error_code_mask;
/* common/kernel.ld: the kernel's code. */
extern const char __text_start[], __text_end[];

#define REPORT_CODE_BYTES 16	/* bytes at RIP in a #UD report: the longest instruction is 15 */

static exception_hook fatal_hook;

static void to_serial(void *context, const char *text, size_t length)
{
	(void)context;
	serial_write(text, length);
}

static void to_console(void *context, const char *text, size_t length)
{
	(void)context;
	console_write(text, length);
}

static void say(format_sink sink, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(format_sink sink, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	format(sink, NULL, fmt, args);
	va_end(args);
}

/*
 * For #UD, the bytes at RIP (lab 5.1): the CPU could not decode them, and
 * seeing them tells ud2 (0f 0b) from a jump into data. The CPU fetched
 * from RIP, so it is mapped; the read stays inside the kernel's code, as
 * kernel.ld lays it out, and says so when RIP is somewhere else.
 */
static void report_code(const struct interrupt_frame *frame, format_sink sink)
{
	// LAB 5.1 BEGIN: the bytes at the faulting RIP
	uintptr_t start = (uintptr_t)__text_start, end = (uintptr_t)__text_end;
	const uint8_t *code = (const uint8_t *)(uintptr_t)frame->rip;

	if (frame->rip < start || frame->rip >= end) {
		say(sink, "code at RIP: (outside the kernel's code, not read)\n");
		return;
	}
	say(sink, "code at RIP:");
	for (uintptr_t i = 0; i < REPORT_CODE_BYTES && frame->rip + i < end; i++)
		say(sink, " %02x", code[i]);
	say(sink, "\n");
	// LAB 5.1 STUB
	// (void)frame;
	// (void)sink;
	// LAB 5.1 END
}

/* The calls that led to the exception (lab 5.2), from the frame's RBP. */
static void report_backtrace(const struct interrupt_frame *frame, format_sink sink)
{
	uint64_t addresses[BACKTRACE_MAX];
	size_t count = backtrace_walk(frame->rbp, addresses, BACKTRACE_MAX);

	if (count == 0)
		return;
	/* Lines of at most 80 columns: four addresses each. */
	for (size_t i = 0; i < count; i++)
		say(sink, "%s0x%lx%s", i == 0 ? "backtrace: " : i % 4 == 0 ? "           " : " ",
		    addresses[i], i % 4 == 3 || i == count - 1 ? "\n" : "");
}

/* What the report adds below the registers: code bytes, the backtrace. */
static void report_details(const struct interrupt_frame *frame, format_sink sink)
{
	if (frame->vector == EXCEPTION_INVALID_OPCODE)
		report_code(frame, sink);
	report_backtrace(frame, sink);
}

//! [report]
void exception_report(const struct interrupt_frame *frame)
{
	/* CR2 holds the last page fault's address; read it before anything
	 * else can fault and overwrite it. */
	uint64_t cr2 = read_cr2();
	bool fatal = frame->vector != EXCEPTION_BREAKPOINT;

	/* Serial first: if the exception hit while the console's lock was
	 * held, the console write below waits forever, but the report is
	 * already out. */
	exception_format_report(frame, cr2, to_serial, NULL);
	report_details(frame, to_serial);
	console_set_color(fatal ? VGA_LIGHT_RED : VGA_YELLOW, VGA_BLACK);
	exception_format_report(frame, cr2, to_console, NULL);
	report_details(frame, to_console);
	console_set_color(VGA_LIGHT_GREY, VGA_BLACK);
}
//! [report]

void exception_set_fatal_hook(exception_hook hook)
{
	fatal_hook = hook;
}

//! [halt]
noreturn void exception_halt(const struct interrupt_frame *frame)
{
	const struct exception_info *info = exception_info(frame->vector);
	const char *mnemonic = info ? info->mnemonic : "interrupt";

	if (fatal_hook)
		fatal_hook(frame);	/* a test kernel that expected this fault */
#ifdef KTEST_BUILD
	/* The panic hook of the test runner marks the running test failed. */
	panicf("unexpected exception %lu (%s), reported above", frame->vector, mnemonic);
#else
	serial_printf("kernel stopped after exception %lu (%s)\n", frame->vector, mnemonic);
	kprintf("The kernel stopped after exception %lu (%s).\n", frame->vector, mnemonic);
	halt_forever();
#endif
}
//! [halt]

//! [handlers]
noreturn void exception_unhandled(struct interrupt_frame *frame)
{
	exception_report(frame);
	exception_halt(frame);
}

void exception_breakpoint(struct interrupt_frame *frame)
{
	exception_report(frame);
	/* Returning resumes at frame->rip, the instruction after int3. */
}
//! [handlers]

//! [init]
void exceptions_init(void)
{
	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++) {
		if (exception_has_error_code(vector) != ((interrupt_error_code_mask >> vector) & 1))
			panicf("exceptions_init: exception_table.c and interrupt_stubs.asm "
			       "disagree on whether vector %d has an error code", vector);
		idt_set_handler(vector, exception_unhandled, 0);
	}
	idt_set_handler(EXCEPTION_BREAKPOINT, exception_breakpoint, 0);
}
//! [init]
