/*
 * Lesson 08's kernel_init(): lesson 07's, plus the page-fault handler that
 * explains a fault with a walk of the page tables.
 */
#include "console.h"
#include "double_fault.h"
#include "exceptions.h"
#include "gdt.h"
#include "interrupts.h"
#include "irq.h"
#include "kernel_init.h"
#include "nmi.h"
#include "keyboard.h"
#include "ktest_watchdog.h"
#include "page_fault.h"
#include "pit.h"
#include "serial.h"
#include "tss.h"
#include "x86.h"

//! [init]
void kernel_init(void)
{
	serial_init(); /* first: the test runner and panic reports use it */
	console_init();
	gdt_init(tss_init());
	idt_init();
	exceptions_init();
	double_fault_init();
	nmi_init();	   /* the NMI on IST2 */
	page_fault_init(); /* replaces lesson 05's report for vector 14 */
	irq_init();	   /* PICs at vectors 32-47; APIC virtual wire (lesson 07) */
	pit_init(PIT_DEFAULT_HZ);
	keyboard_init();
#ifdef KTEST_BUILD
	ktest_watchdog_init(KTEST_TIME_LIMIT_MS); /* a test that hangs fails by name */
#endif
	sti();
}
//! [init]
