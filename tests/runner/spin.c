/*
 * Runner self-test: a kernel that works without halting for a fixed number
 * of instructions, then exits with success. Under a spec's "clock guest"
 * (tools/runner/guest_clock.py) each instruction is 32 ns of guest time,
 * so the loop below always takes about 5 guest seconds, however fast or
 * loaded the host is: a guest time limit of 2 s is always a hang, one of
 * 16 s never is. (How close to its limit a kernel may finish, deadline.h
 * shows.)
 */
#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define QEMU_EXIT_PORT	  0xf4	   /* isa-debug-exit (lesson 04) */
#define QEMU_EXIT_SUCCESS 0x10	   /* QEMU exits with (0x10 << 1) | 1 = 33 */
#define SPIN_LOOPS	  75000000 /* of 2 instructions: 150 million in all */

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	uint64_t left = SPIN_LOOPS;

	(void)magic;
	(void)boot_info;
	serial_init();
	serial_write_string("spin: working\n");
	cli(); /* no timer interrupt adds instructions of its own */
	/* In assembly, so the count does not depend on the compiler. */
	__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(left));
	serial_write_string("spin: done\n");
	outl(QEMU_EXIT_PORT, QEMU_EXIT_SUCCESS);
	halt_forever(); /* the exit takes effect a moment after the write */
}
