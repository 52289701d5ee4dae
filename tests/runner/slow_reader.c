/*
 * Runner self-test: a kernel that takes its keys slowly. It reads one
 * byte from the keyboard controller, then spins for a while before it
 * looks again, and counts the bytes until Enter's release.
 *
 * QEMU queues at most 16 bytes of scancodes behind the controller's
 * output buffer and drops the rest. A host that types on its own clock
 * overflows that queue whenever the guest runs slower than the host
 * types (a busy machine does that to any kernel); the runner must wait
 * until the guest has taken each key before it types the next, and then
 * every byte arrives, however slow the guest.
 */
#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define QEMU_EXIT_PORT	  0xf4
#define QEMU_EXIT_SUCCESS 0x10
#define PS2_DATA	  0x60
#define PS2_STATUS	  0x64
#define PS2_OUTPUT_FULL	  0x01
#define ENTER_RELEASED	  0x9c
/* Pauses between two reads: tens of host milliseconds under TCG. */
#define SLOW_READS	  60000

void kernel_main(uint32_t magic, uint64_t boot_info);

static void write_decimal(unsigned int n)
{
	char digits[10];
	int i = 0;

	do
		digits[i++] = (char)('0' + n % 10);
	while (n /= 10);
	while (i > 0)
		serial_write_char(digits[--i]);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	unsigned int bytes = 0;
	uint8_t code = 0;

	(void)magic;
	(void)boot_info;
	serial_init();
	serial_write_string("slow reader: ready\n");
	while (code != ENTER_RELEASED) {
		while (!(inb(PS2_STATUS) & PS2_OUTPUT_FULL))
			cpu_relax();
		code = inb(PS2_DATA);
		bytes++;
		for (int i = 0; i < SLOW_READS; i++)
			cpu_relax();
	}
	serial_write_string("slow reader: ");
	write_decimal(bytes);
	serial_write_string(" bytes\n");
	outl(QEMU_EXIT_PORT, QEMU_EXIT_SUCCESS);
	halt_forever();
}
