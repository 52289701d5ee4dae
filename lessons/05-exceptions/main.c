/*
 * Lesson 05's kernel: with the IDT loaded, a breakpoint (int3) is no
 * longer fatal. The kernel raises one, the handler prints a report of the
 * interrupted state, and execution continues on the next line.
 */
#include <stdint.h>
#include "console.h"
#include "exception_table.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "panic.h"
#include "serial_print.h"
#include "x86.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

//! [kernel_main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	serial_printf("lesson 05: kernel_main ran\n");
	console_set_color(VGA_LIGHT_GREEN, VGA_BLACK);
	kprintf("Lesson 05: CPU exceptions\n");
	console_set_color(VGA_LIGHT_GREY, VGA_BLACK);
	kprintf("Raising a breakpoint exception with int3...\n");

	int3();	/* vector 3: reported by exception_breakpoint(), then resumed */

	kprintf("It did not crash: back after the int3 (%lu breakpoint so far).\n",
		interrupt_count(EXCEPTION_BREAKPOINT));
	serial_printf("lesson 05: resumed after int3\n");
	halt_forever();
}
//! [kernel_main]
