/*
 * Lesson 07: a kernel that reacts to the outside world.
 *
 * kernel_init() has remapped the PICs, started the timer, installed the
 * keyboard handler and enabled interrupts. From then on the kernel has
 * nothing to do until an interrupt brings something: kernel_main echoes
 * what is typed and, between keys, halts the CPU.
 */
#include <stdint.h>
#include "console.h"
#include "kernel_init.h"
#include "keyboard.h"
#include "pit.h"
#include "serial.h"
#include "serial_print.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

/* Shows a typed character on the screen and on serial. The console has
 * no cursor to move back, so Backspace, Tab and Escape are not shown. */
static void echo(char c)
{
	if (c != '\n' && (c < ' ' || c > '~'))
		return;
	console_write(&c, 1);
	serial_write_char(c);
}

//! [main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	kprintf("Lesson 07: hardware interrupts\n");
	kprintf("The timer ticks %u times a second. Type something:\n", pit_frequency());
	serial_printf("lesson 07: keyboard ready\n");

	for (;;)
		echo(keyboard_wait_char());
}
//! [main]
