/*
 * Lesson 07: a kernel that reacts to the outside world.
 *
 * kernel_init() has remapped the PICs, started the timer, installed the
 * keyboard handler and enabled interrupts. From then on the kernel has
 * nothing to do until an interrupt brings something: kernel_main reads
 * lines from the keyboard, echoing what is typed (Backspace erases) and
 * reporting each finished line on serial; between keys it halts the CPU.
 */
#include <stdint.h>
#include "console.h"
#include "kernel_init.h"
#include "keyboard.h"
#include "line_editor.h"
#include "pit.h"
#include "serial.h"
#include "serial_print.h"

#define LINE_SIZE 80 /* a line of input: one row of the screen */

void kernel_main(uint32_t magic, uint64_t boot_info);

/* Shows a typed character on the screen and on serial. */
static void echo(char c)
{
	console_write(&c, 1);
	serial_write_char(c);
}

/* Takes the last character back: the VGA writer blanks it (lab 3.1), a
 * terminal on the serial port needs back, blank, back. */
static void erase(void)
{
	console_write("\b", 1);
	serial_write_string("\b \b");
}

//! [main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	static char line[LINE_SIZE];
	struct line_editor editor;

	(void)magic;
	(void)boot_info;
	kernel_init();
	kprintf("Lesson 07: hardware interrupts\n");
	kprintf("The timer ticks %u times a second. Type something:\n", pit_frequency());
	serial_printf("lesson 07: keyboard ready\n");

	line_editor_init(&editor, line, sizeof(line));
	for (;;) {
		char c = keyboard_wait_char();

		switch (line_editor_feed(&editor, c)) {
		case LINE_ECHO:
			echo(c);
			break;
		case LINE_ERASE:
			erase();
			break;
		case LINE_DONE:
			echo('\n');
			serial_printf("line: %s\n", line);
			break;
		case LINE_NOTHING:
			break;
		}
	}
}
//! [main]
