/*
 * host_checkpoint(): wait, with interrupts off, until the host types a key.
 *
 * The PS/2 controller (the 8042) holds a byte from the keyboard in its
 * output buffer, at port 0x60, and sets bit 0 of its status register, at
 * port 0x64, while one is there. Polling that bit works in every lesson,
 * with or without lesson 07's keyboard interrupt: with interrupts off, its
 * handler cannot take the byte first.
 */
#include <stdarg.h>
#include <stdint.h>
#include "host_checkpoint.h"
#include "serial_print.h"
#include "x86.h"

#define PS2_DATA 0x60
#define PS2_STATUS 0x64
#define PS2_OUTPUT_FULL 0x01

/* Read and drop whatever the controller holds. */
static void drain(void)
{
	while (inb(PS2_STATUS) & PS2_OUTPUT_FULL)
		(void)inb(PS2_DATA);
}

void host_checkpoint(const char *fmt, ...)
{
	uint64_t rflags = read_rflags();
	va_list args;

	cli();
	drain();
	serial_printf("host check: ");
	va_start(args, fmt);
	serial_vprintf(fmt, args);
	va_end(args);
	serial_printf("\n");
	while (!(inb(PS2_STATUS) & PS2_OUTPUT_FULL))
		cpu_relax();
	/* The key's release follows its press: give it time to arrive. */
	for (int i = 0; i < 100000; i++)
		if (inb(PS2_STATUS) & PS2_OUTPUT_FULL)
			drain();
	if (rflags & RFLAGS_INTERRUPT_ENABLE)
		sti();
}
