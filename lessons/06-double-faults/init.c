/*
 * Lesson 06's kernel_init(): lesson 05's, with the kernel's own GDT and
 * TSS loaded before the IDT, the double fault moved to its IST stack and
 * the NMI to a second one.
 */
#include "console.h"
#include "double_fault.h"
#include "exceptions.h"
#include "gdt.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "nmi.h"
#include "serial.h"
#include "tss.h"

//! [init]
void kernel_init(void)
{
	serial_init();	/* first: the test runner and panic reports use it */
	console_init();
	gdt_init(tss_init());	/* GDT with a TSS, segments reloaded, ltr */
	idt_init();	/* the gates take CS from the new GDT */
	exceptions_init();
	double_fault_init();	/* #DF on IST1, the stack in the TSS */
	nmi_init();		/* the NMI on IST2 */
}
//! [init]
