/*
 * Expected-fault test kernel: a kernel stack overflow must end in a double
 * fault handled on the IST1 stack, not in a triple fault.
 *
 * The recursion walks the stack down into boot_stack_guard, the page
 * boot32.asm leaves unmapped below the boot stack. The page fault cannot be
 * delivered: pushing its frame onto the same stack faults again. A page
 * fault during the delivery of a page fault is a double fault, and because
 * its gate names IST1 the CPU switches to the double-fault stack before
 * pushing anything. Should this test break, the runner's verdict is
 * "triple fault": QEMU exits with status 0.
 */
#include <stdbool.h>
#include <stdint.h>
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "kernel_layout.h"
#include "serial_print.h"
#include "stack_overflow.h"
#include "tss.h"
#include "x86.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

//! [check]
static void check(const struct interrupt_frame *frame)
{
	uintptr_t guard = (uintptr_t)boot_stack_guard;
	uint64_t cr2 = read_cr2();

	expect_equal("error code", frame->error_code, 0);	/* always 0 for #DF */
	expect_equal("frame on the double-fault stack",
		     tss_on_double_fault_stack((uintptr_t)frame), true);
	expect_equal("CR2 inside the guard page", cr2 >= guard && cr2 < guard + PAGE_SIZE, true);
	serial_printf("stack_overflow: guard page 0x%lx, CR2 0x%lx, frame at %p\n", guard, cr2,
		      (const void *)frame);
}
//! [check]

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault("stack_overflow", EXCEPTION_DOUBLE_FAULT, check);
	serial_printf("stack_overflow: recursing into the guard page\n");
	stack_overflow(0);
	expect_fault_missing();
}
