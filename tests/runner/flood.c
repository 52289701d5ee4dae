/*
 * Runner self-test: a kernel that prints far more than anyone reads: one
 * line of 1 MiB, then 2 MiB of ordinary lines, then exits with success.
 * tests/runner/check_bounded.sh boots it twice. Once as any test: the
 * runner must stop it when its output passes runner.serial.SERIAL_LIMIT
 * (256 KiB), long before its exit, keeping bounded memory and text and
 * saying what it cut. Once with QEMU's file limit lowered to 2 MiB and the
 * runner's serial limit raised above that (the file limit is the bound
 * that holds should the runner be slow to look): the log must stop growing
 * there while the kernel runs on to its exit. 3 MiB print in a few seconds
 * under TCG: every byte is an emulated port write and a write(2) of QEMU's.
 */
#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define QEMU_EXIT_PORT	  0xf4
#define QEMU_EXIT_SUCCESS 0x10
#define MIB		  (1024 * 1024)
#define LONG_LINE_BYTES	  (1 * MIB)
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
