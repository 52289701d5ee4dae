/*
 * Lab 6.1's grader: the NMI has its own stack.
 *
 * IST2 must point at the top of the NMI stack, and the NMI gate must ask
 * for it. "int $2" then delivers vector 2 through that gate (software can
 * raise it; a real NMI comes from the hardware): the lesson's handler must
 * report it and resume, and a handler put in its place must find its frame
 * on the NMI stack.
 *
 * The host does not take the kernel's word for the first two tests: at a
 * checkpoint it reads the IDT and the TSS the CPU uses itself, and must find
 * the NMI's gate asking for IST2 and IST2 at the top of nmi_stack
 * (lab_nmi.test).
 *
 * The instructor's hidden variant (lab_nmi_hidden.c) builds this file with
 * LAYOUT_PADDING bytes of data, which common/kernel.ld places before the
 * IST stacks: nmi_stack lies elsewhere, so an IST2 set to the address it
 * has in this test fails there.
 */
#include <stdint.h>
#include "descriptor.h"
#include "exception_table.h"
#include "exceptions.h"
#include "gdt.h"
#include "host_checkpoint.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "ktest.h"
#include "tss.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

#ifdef LAYOUT_PADDING
__attribute__((used)) static uint8_t layout_padding[LAYOUT_PADDING] = {1};
#endif

static const struct tss *current_tss(void)
{
	return (const struct tss *)(uintptr_t)system_descriptor_base(&gdt_current()->tss);
}

KTEST(lab_nmi_ist2_is_the_top_of_the_nmi_stack)
{
	uint64_t top;

	host_checkpoint("the NMI's gate and IST2");
	top = current_tss()->ist[TSS_IST_NMI - 1];

	ASSERT(top != 0);
	ASSERT_EQ(top % 16, 0);
	ASSERT(tss_on_nmi_stack(top - 1));
	ASSERT(!tss_on_nmi_stack(top));
	ASSERT(tss_on_nmi_stack(top - NMI_STACK_SIZE));
	ASSERT(!tss_on_double_fault_stack(top - 1));
}

KTEST(lab_nmi_gate_asks_for_ist2)
{
	ASSERT_EQ(idt_ist(EXCEPTION_NMI), TSS_IST_NMI);
	ASSERT(idt_handler(EXCEPTION_NMI) != NULL);
	ASSERT(idt_handler(EXCEPTION_NMI) != exception_unhandled);
	ASSERT_EQ(idt_ist(EXCEPTION_DOUBLE_FAULT), TSS_IST_DOUBLE_FAULT);
}

KTEST(lab_nmi_is_reported_and_resumed)
{
	uint64_t before = interrupt_count(EXCEPTION_NMI);

	__asm__ volatile("int $2" ::: "memory");
	ASSERT_EQ(interrupt_count(EXCEPTION_NMI), before + 1);
}

static uintptr_t seen_frame;

static void record_frame(struct interrupt_frame *frame)
{
	seen_frame = (uintptr_t)frame;
}

KTEST(lab_nmi_runs_on_the_nmi_stack)
{
	interrupt_handler lesson_handler = idt_handler(EXCEPTION_NMI);

	idt_set_handler(EXCEPTION_NMI, record_frame, TSS_IST_NMI);
	__asm__ volatile("int $2" ::: "memory");
	idt_set_handler(EXCEPTION_NMI, lesson_handler, TSS_IST_NMI);
	ASSERT(tss_on_nmi_stack(seen_frame));
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	ktest_run_file_and_exit(__FILE__);
}
