/*
 * Runner self-test: the body of two kernels that finish a known moment of
 * guest time before (deadline_inside.c) or after (deadline_outside.c) a
 * spec's guest time limit of 2 s, so that the runner's verdict must not
 * depend on when the host happens to look (tools/runner/guest_clock.py).
 *
 * Under "clock guest" each instruction is 32 ns of guest time and the CMOS
 * clock runs on that same clock from 00:00:00. So the kernel waits until
 * the clock's seconds turn 1 (guest time 1 s, to the 0.32 ms between two
 * looks), then counts out the instructions of the rest, and exits 50 ms
 * of guest time (1.5 million instructions) before or after 2 s: too close
 * for a host that reads the clock between polls, exact for a limit QEMU
 * itself enforces.
 */
#ifndef RUNNER_DEADLINE_H
#define RUNNER_DEADLINE_H

#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define CMOS_INDEX	  0x70
#define CMOS_DATA	  0x71
#define CMOS_SECONDS	  0x00
#define QEMU_EXIT_PORT	  0xf4 /* isa-debug-exit (lesson 04) */
#define QEMU_EXIT_SUCCESS 0x10 /* QEMU exits with (0x10 << 1) | 1 = 33 */
#define NS_PER_INSN	  32   /* -icount shift=5 */
#define LOOP_INSNS	  2    /* dec, jnz */

/* Loops of LOOP_INSNS instructions that last ms milliseconds of guest time. */
#define LOOPS_FOR_MS(ms) ((uint64_t)(ms) * 1000000 / (NS_PER_INSN * LOOP_INSNS))
#define POLL_LOOPS	 5000 /* between two looks at the clock: 0.32 ms */

/* Runs loops * LOOP_INSNS instructions; in assembly, so the count does not
 * depend on the compiler. */
static inline void spin(uint64_t loops)
{
	__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(loops));
}

static inline uint8_t cmos_seconds(void)
{
	outb(CMOS_INDEX, CMOS_SECONDS);
	return inb(CMOS_DATA);
}

/* Exit with success after 1 s + ms milliseconds of guest time. */
static inline void finish_after_1s_plus(const char *name, uint64_t ms)
{
	uint64_t left = LOOPS_FOR_MS(ms);

	serial_init();
	serial_write_string(name);
	serial_write_string(": waiting for guest second 1\n");
	cli(); /* no interrupt adds instructions of its own */
	while (cmos_seconds() == 0)
		spin(POLL_LOOPS); /* a port read is slow to emulate: few of them */
	spin(left);
	serial_write_string(name);
	serial_write_string(": done\n");
	outl(QEMU_EXIT_PORT, QEMU_EXIT_SUCCESS);
	halt_forever(); /* the exit takes effect a moment after the write */
}

#endif
