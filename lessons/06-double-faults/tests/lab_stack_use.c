/*
 * Lab 6.2's grader: stack painting measures the double-fault stack.
 *
 * The host does not take the kernel's word for the count: at checkpoints
 * the kernel prints what tss_double_fault_stack_used() says and waits,
 * while the host reads the painted stack itself and counts the bytes that
 * still hold the paint (lab_stack_use.test, the stack-used step). It does
 * so before any double fault (nothing used: all of it painted), and in the
 * #DF handler after the report. The count must be exact, so nothing may
 * take the stack deeper between the kernel's count and the host's: the
 * handler first calls host_checkpoint() once (the same calls the second
 * checkpoint makes, so it reaches the same depth), counts, and only then
 * stops at the checkpoint the host checks.
 *
 * Then an overflow of the kernel stack (as in tests/stack_overflow.c)
 * ends in #DF on that stack. The handler first uses EXTRA_STACK more bytes
 * of it: the instructor's hidden variant builds this file with another
 * amount, so a count made up to fit this test fails it.
 */
#include <stdint.h>
#include "exception_table.h"
#include "expect_fault.h"
#include "host_checkpoint.h"
#include "kernel_init.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "stack_overflow.h"
#include "tss.h"

#ifndef EXTRA_STACK
#define EXTRA_STACK 1024
#endif

void kernel_main(uint32_t magic, uint64_t boot_info);

#define CPU_FRAME_BYTES 48	/* SS, RSP, RFLAGS, CS, RIP and the error code */

/* Writes EXTRA_STACK bytes of the stack below its caller's frame. */
static __attribute__((noinline)) void use_stack(void)
{
	volatile uint8_t area[EXTRA_STACK];

	for (size_t i = 0; i < sizeof(area); i++)
		area[i] = (uint8_t)i;
}

static void check(const struct interrupt_frame *frame)
{
	size_t used;

	(void)frame;
	use_stack();
	host_checkpoint("lab 6.2: %zu more bytes of the double-fault stack used",
			(size_t)EXTRA_STACK);
	used = tss_double_fault_stack_used();
	host_checkpoint("double-fault stack used: %zu bytes", used);
	serial_printf("lab 6.2: %zu bytes of the double-fault stack used\n", used);
	expect_equal("more than the CPU's frame used", used > CPU_FRAME_BYTES + EXTRA_STACK, 1);
	expect_equal("some of the stack still painted", used < DOUBLE_FAULT_STACK_SIZE, 1);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	host_checkpoint("double-fault stack used: %zu bytes", tss_double_fault_stack_used());
	if (tss_double_fault_stack_used() != 0) {
		serial_printf("lab 6.2: %zu bytes used before any double fault\n",
			      tss_double_fault_stack_used());
		serial_printf("lab_stack_use ... [failed]\n");
		qemu_exit(QEMU_EXIT_FAILURE);
	}
	expect_fault("lab_stack_use", EXCEPTION_DOUBLE_FAULT, check);
	serial_printf("lab 6.2: nothing used yet; overflowing the stack\n");
	stack_overflow(0);
	expect_fault_missing();
}
