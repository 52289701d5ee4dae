/*
 * In-kernel tests of lesson 06: the CPU uses the GDT built in C, every
 * segment register was reloaded from it, the task register holds the TSS
 * (which ltr marked busy), IST1 points at the top of the double-fault
 * stack, and the double-fault gate asks for IST1.
 */
#include <stdint.h>
#include "descriptor.h"
#include "exception_table.h"
#include "gdt.h"
#include "interrupts.h"
#include "ktest.h"
#include "tss.h"
#include "x86.h"

//! [gdt tests]
KTEST(gdt_register_points_at_the_kernel_gdt)
{
	struct descriptor_table_pointer gdtr;

	sgdt(&gdtr);
	ASSERT_EQ(gdtr.base, (uintptr_t)gdt_current());
	ASSERT_EQ(gdtr.limit, sizeof(struct gdt) - 1);
}

KTEST(segment_registers_come_from_the_new_gdt)
{
	ASSERT_EQ(read_cs(), GDT_KERNEL_CODE_SELECTOR);
	ASSERT_EQ(read_ss(), GDT_KERNEL_DATA_SELECTOR);
	ASSERT_EQ(read_ds(), GDT_KERNEL_DATA_SELECTOR);
}

KTEST(task_register_holds_the_busy_tss)
{
	const struct gdt *gdt = gdt_current();

	ASSERT_EQ(store_task_register(), GDT_TSS_SELECTOR);
	/* ltr changed the descriptor's type from available to busy. */
	ASSERT_EQ(gdt->tss.low.access & SEGMENT_TYPE_MASK, SYSTEM_TYPE_TSS_BUSY);
}
//! [gdt tests]

//! [ist tests]
KTEST(ist1_is_the_top_of_the_double_fault_stack)
{
	const struct tss *tss = (const struct tss *)(uintptr_t)system_descriptor_base(&gdt_current()->tss);
	uint64_t top = tss->ist[TSS_IST_DOUBLE_FAULT - 1];

	ASSERT_EQ(top % 16, 0);
	ASSERT(tss_on_double_fault_stack(top - 1));	/* the highest byte is inside */
	ASSERT(!tss_on_double_fault_stack(top));	/* the top itself is just past it */
	ASSERT(tss_on_double_fault_stack(top - DOUBLE_FAULT_STACK_SIZE));
	ASSERT_EQ(tss->iomap_base, sizeof(struct tss));
}

KTEST(double_fault_switches_stacks_page_fault_does_not)
{
	ASSERT_EQ(idt_ist(EXCEPTION_DOUBLE_FAULT), TSS_IST_DOUBLE_FAULT);
	ASSERT(idt_handler(EXCEPTION_DOUBLE_FAULT) != NULL);
	ASSERT_EQ(idt_ist(EXCEPTION_PAGE_FAULT), 0);
	ASSERT_EQ(idt_ist(EXCEPTION_BREAKPOINT), 0);
}
//! [ist tests]
