/*
 * Lesson 06's kernel: it overflows its own stack on purpose. Without the
 * double-fault handler on its own stack this would reset the machine (a
 * triple fault); with it, the kernel shows a report and halts.
 */
#include <stdint.h>
#include "console.h"
#include "kernel_init.h"
#include "serial_print.h"
#include "stack_overflow.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

//! [kernel_main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	serial_printf("lesson 06: kernel_main ran\n");
	console_set_color(VGA_LIGHT_GREEN, VGA_BLACK);
	kprintf("Lesson 06: double faults\n");
	console_set_color(VGA_LIGHT_GREY, VGA_BLACK);
	kprintf("Overflowing the kernel stack: recursing until it hits the guard page...\n");
	serial_printf("lesson 06: overflowing the stack\n");

	stack_overflow(0);	/* ends in the #DF handler, which never returns */

	kprintf("The recursion returned, which cannot happen.\n");
	serial_printf("lesson 06: the recursion returned\n");
	for (;;)
		;
}
//! [kernel_main]
