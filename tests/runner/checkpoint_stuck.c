/*
 * Runner self-test: an in-kernel test fails, and the kernel goes on to a
 * host checkpoint (lesson 04's host_checkpoint(): a "host check:" line,
 * then a wait for a key with interrupts off) that the spec does not expect
 * yet. The spec waits for "[ok]" before it types, the kernel for a key
 * before it prints: the runner must say so at once, as a failure naming
 * the failed test, not wait for its time limit and call it a hang.
 */
#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define PS2_DATA	0x60
#define PS2_STATUS	0x64
#define PS2_OUTPUT_FULL 0x01

void kernel_main(uint32_t magic, uint64_t boot_info);

/* Says what the host may check, then waits for a key (and its release). */
static void checkpoint(const char *what)
{
	serial_write_string("host check: ");
	serial_write_string(what);
	serial_write_string("\n");
	for (int keys = 0; keys < 2; keys++) {
		while (!(inb(PS2_STATUS) & PS2_OUTPUT_FULL))
			cpu_relax();
		(void)inb(PS2_DATA);
	}
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	serial_init();
	cli();
	checkpoint("the first test's checkpoint");
	/* After typed input: a line the runner does not take as a verdict by itself. */
	serial_write_string("checkpoint_stuck.c:1: ASSERT(1 == 2) is false\n");
	serial_write_string("checkpoint_stuck_first ... [failed]\n");
	checkpoint("the second test's checkpoint");
	serial_write_string("checkpoint_stuck_second ... [ok]\n");
	halt_forever();
}
