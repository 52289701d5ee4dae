/*
 * halt_forever() and panic(): the two ways a kernel stops.
 */
#include <stddef.h>
#include "panic.h"
#include "serial.h"
#include "text_screen.h"
#include "x86.h"

static panic_hook current_hook;

//! [halt]
noreturn void halt_forever(void)
{
	cli();
	text_screen_refresh();	/* under UEFI: show the last cells written */
	for (;;)
		hlt();	/* an NMI can still wake the CPU: halt again */
}
//! [halt]

//! [panic]
noreturn void panic(const char *message)
{
	cli();	/* nothing may interrupt the report */
	if (!serial_at_line_start())
		serial_write_char('\n');	/* a panic inside a half-sent line */
	serial_write_string("panic: ");
	serial_write_string(message);
	serial_write_char('\n');
	if (current_hook) {
		panic_hook hook = current_hook;

		current_hook = NULL;	/* a panic inside the hook must not loop */
		hook(message);
	}
	halt_forever();
}
//! [panic]

void panic_set_hook(panic_hook hook)
{
	current_hook = hook;
}
