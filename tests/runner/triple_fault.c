/*
 * Runner self-test: a kernel that triple-faults on purpose.
 *
 * It loads an empty interrupt descriptor table and raises a breakpoint. The
 * CPU finds no gate for vector 3 (a #GP), none for the #GP, none for the
 * resulting double fault either, and resets: a triple fault. QEMU, started
 * with -no-reboot, exits instead of rebooting, and the runner must name it.
 */
#include <stdint.h>
#include "serial.h"
#include "x86.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	static const struct descriptor_table_pointer empty_idt = { .limit = 0, .base = 0 };

	(void)magic;
	(void)boot_info;
	serial_init();
	serial_write_string("triple_fault: loading an empty IDT, then int3\n");
	lidt(&empty_idt);
	int3();
	serial_write_string("triple_fault: still running (this must not happen)\n");
	for (;;)
		hlt();
}
