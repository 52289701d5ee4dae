/*
 * Test kernel: a double-fault handler that overflows its own IST1 stack
 * runs into the guard page below it, and the TSS and the IDT survive.
 *
 * The kernel overflows its stack as in stack_overflow.c, and the #DF
 * arrives on IST1. This test's #DF handler then recurses on IST1 itself.
 * With the guard page that common/kernel.ld puts below the stack (and
 * boot32.asm leaves unmapped), the recursion's next push faults: the #PF
 * cannot be delivered on the same dead stack, so the CPU raises a second
 * #DF, again on a fresh IST1 stack, and the handler reports it. Without
 * the guard page, the recursion would write on through whatever lies below
 * the stack (the TSS, in one build) and end in a triple fault or worse.
 */
#include <stdint.h>
#include "descriptor.h"
#include "exception_table.h"
#include "exceptions.h"
#include "gdt.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "kernel_layout.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "stack_overflow.h"
#include "tss.h"
#include "x86.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

static volatile unsigned entries;
static uint64_t ist1_top; /* IST1 as tss_init() set it */

static const struct tss *current_tss(void)
{
	return (const struct tss *)(uintptr_t)system_descriptor_base(&gdt_current()->tss);
}

static void overflowing_double_fault_handler(struct interrupt_frame *frame);

static int check(const char *what, int ok)
{
	serial_printf("ist_overflow: %s: %s\n", what, ok ? "yes" : "NO");
	return ok;
}

static void overflowing_double_fault_handler(struct interrupt_frame *frame)
{
	uintptr_t guard = (uintptr_t)__double_fault_stack_guard;
	uint64_t cr2 = read_cr2();
	int ok = 1;

	if (++entries == 1) {
		serial_printf("ist_overflow: first #DF; now overflowing the double-fault stack\n");
		stack_overflow(0);
	}
	/* The second #DF: the first handler's recursion hit the guard page. */
	exception_report(frame);
	ok &= check("CR2 inside the guard page below the #DF stack",
		    cr2 >= guard && cr2 < guard + PAGE_SIZE);
	ok &= check("TSS IST1 unchanged", current_tss()->ist[TSS_IST_DOUBLE_FAULT - 1] == ist1_top);
	ok &= check("IDT gate 8 unchanged",
		    idt_ist(EXCEPTION_DOUBLE_FAULT) == TSS_IST_DOUBLE_FAULT &&
			idt_handler(EXCEPTION_DOUBLE_FAULT) == overflowing_double_fault_handler);
	serial_printf("ist_overflow ... [%s]\n", ok ? "ok" : "failed");
	qemu_exit(ok ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	ist1_top = current_tss()->ist[TSS_IST_DOUBLE_FAULT - 1];
	idt_set_handler(EXCEPTION_DOUBLE_FAULT, overflowing_double_fault_handler,
			TSS_IST_DOUBLE_FAULT);
	serial_printf("ist_overflow: overflowing the kernel stack\n");
	stack_overflow(0);
	serial_printf("ist_overflow: the recursion returned\n");
	qemu_exit(QEMU_EXIT_FAILURE);
}
