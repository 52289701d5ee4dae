/*
 * Lab 6.2's grader: stack painting measures the double-fault stack.
 *
 * Before any double fault no byte of the stack is used. Then a stack
 * overflow (as in tests/stack_overflow.c) ends in #DF on that stack; the
 * handler reports how much of it the report needed, and the check accepts
 * a use that is more than the CPU's frame and less than the whole stack.
 */
#include <stdint.h>
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "stack_overflow.h"
#include "tss.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

#define CPU_FRAME_BYTES 48	/* SS, RSP, RFLAGS, CS, RIP and the error code */

static void check(const struct interrupt_frame *frame)
{
	size_t used = tss_double_fault_stack_used();

	(void)frame;
	serial_printf("lab 6.2: %zu bytes of the double-fault stack used\n", used);
	expect_equal("more than the CPU's frame used", used > CPU_FRAME_BYTES, 1);
	expect_equal("some of the stack still painted", used < DOUBLE_FAULT_STACK_SIZE, 1);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
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
