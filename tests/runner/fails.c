/*
 * Runner self-test: a kernel that reports failure through QEMU's
 * isa-debug-exit device (lesson 04 explains it): writing 0x11 makes QEMU
 * exit with status (0x11 << 1) | 1 = 35. The runner must call it failed and
 * show the kernel's message.
 */
#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define QEMU_EXIT_PORT 0xf4
#define QEMU_EXIT_FAILURE 0x11

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	serial_init();
	serial_write_string("fails: reporting failure on purpose\n");
	outl(QEMU_EXIT_PORT, QEMU_EXIT_FAILURE);
	halt_forever();	/* the exit takes effect a moment after the write */
}
