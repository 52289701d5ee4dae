/*
 * Lesson 07's kernel_init(): lesson 06's CPU tables, then the interrupt
 * controllers, the timer and the keyboard, and finally interrupts on.
 */
#include "console.h"
#include "exceptions.h"
#include "double_fault.h"
#include "gdt.h"
#include "interrupts.h"
#include "irq.h"
#include "kernel_init.h"
#include "nmi.h"
#include "keyboard.h"
#include "ktest_watchdog.h"
#include "pit.h"
#include "serial.h"
#include "tss.h"
#include "x86.h"

//! [init]
void kernel_init(void)
{
	serial_init(); /* first: the test runner and panic reports use it */
	console_init();
	gdt_init(tss_init()); /* our GDT with a TSS, for the double-fault stack */
	idt_init();
	exceptions_init();
	double_fault_init();
	nmi_init();		  /* the NMI on IST2 */
	irq_init();		  /* PICs at vectors 32-47, all masked; APIC virtual wire */
	pit_init(PIT_DEFAULT_HZ); /* IRQ 0 unmasked */
	keyboard_init();	  /* IRQ 1 unmasked */
#ifdef KTEST_BUILD
	ktest_watchdog_init(KTEST_TIME_LIMIT_MS); /* a test that hangs fails by name */
#endif
	sti(); /* from here on, interrupts arrive */
}
//! [init]
