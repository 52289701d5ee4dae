/*
 * Lesson 05's kernel_init(): lesson 04's subsystems, then the IDT and the
 * exception handlers. From here on a fault produces a report instead of a
 * silent reset.
 */
#include "console.h"
#include "exceptions.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "serial.h"

//! [init]
void kernel_init(void)
{
	serial_init();	/* first: the test runner and panic reports use it */
	console_init();
	idt_init();	/* all 256 gates, none present yet; lidt */
	exceptions_init();	/* report handlers for vectors 0-31 */
}
//! [init]
