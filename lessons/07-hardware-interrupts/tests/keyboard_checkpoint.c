/*
 * Test kernel: a host checkpoint with lesson 07's keyboard interrupt on.
 *
 * host_checkpoint() polls the keyboard controller with interrupts off and
 * takes the host's key itself; the PIC keeps IRQ 1 pending all the same,
 * and it arrives once interrupts are back on. The keyboard handler must
 * find the controller empty and ignore it (N12 of the 2026-12 code
 * review): reading port 0x60 then would only repeat the last byte.
 */
#include <stdint.h>
#include "host_checkpoint.h"
#include "kernel_init.h"
#include "keyboard.h"
#include "pit.h"
#include "qemu_exit.h"
#include "serial_print.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	unsigned before;
	char c;
	bool got;

	(void)magic;
	(void)boot_info;
	kernel_init();
	before = keyboard_empty_interrupts();
	host_checkpoint("type one key");
	pit_sleep(2); /* interrupts are on again: the pending IRQ 1 has come */
	got = keyboard_read_char(&c);
	serial_printf("keyboard checkpoint: %u empty interrupt(s) ignored, %s\n",
		      keyboard_empty_interrupts() - before, got ? "a character queued" : "no character");
	qemu_exit(!got && keyboard_empty_interrupts() - before == 1 ? QEMU_EXIT_SUCCESS
								   : QEMU_EXIT_FAILURE);
}
