/*
 * Runner self-test: a kernel that prints far more than anyone reads: one
 * line of 6 MiB, then 2 MiB of ordinary lines, then exits with success.
 * The runner must keep its memory and its serial log bounded, say how much
 * it cut, and still see the exit (tests/runner/check_bounded.sh, which
 * lowers QEMU's file limit to 4 MiB for it). The sizes are well past the
 * runner's limits (2 MiB kept, 4096 characters a line) yet print in about
 * 10 s under TCG: every byte is an emulated port write and a write(2) of
 * QEMU's, which is why this is not the 50 MiB a hostile kernel may print.
 */
#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define QEMU_EXIT_PORT	  0xf4
#define QEMU_EXIT_SUCCESS 0x10
#define MIB		  (1024 * 1024)
#define LONG_LINE_BYTES	  (6 * MIB)
#define LINES_BYTES	  (2 * MIB)

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	static const char line[] =
	    "flood: a line of sixty-four bytes, printed again and again...\n";

	(void)magic;
	(void)boot_info;
	serial_init();
	serial_write_string("flood: starting\n");
	for (uint32_t i = 0; i < LONG_LINE_BYTES; i++)
		serial_write_char((char)('a' + i % 26));
	serial_write_char('\n');
	for (uint32_t i = 0; i < LINES_BYTES / (sizeof(line) - 1); i++)
		serial_write_string(line);
	serial_write_string("flood: done\n");
	outl(QEMU_EXIT_PORT, QEMU_EXIT_SUCCESS);
	halt_forever();
}
