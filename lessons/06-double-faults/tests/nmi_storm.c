/*
 * Integration test kernel: a storm of NMIs while the kernel prints without
 * pause. The test runner injects the NMIs (inject-nmi in nmi_storm.test).
 *
 * The main loop holds the console lock nearly all the time, and cli does
 * not hold an NMI back, so most NMIs arrive while the lock is held. Their
 * reports must not wait for it: before console_report_begin(), lesson 06
 * hung here and lessons 07-08 panicked with "lock already held". The
 * kernel prints until it has handled every NMI the runner sends, then says
 * how many and exits: it kept running, and each NMI was reported.
 *
 * Lessons 07-08 run this same kernel: their tests/nmi_storm.c includes it.
 */
#include <stdint.h>
#include "console.h"
#include "exception_table.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "qemu_exit.h"
#include "serial_print.h"

/* As many as nmi_storm.test injects. */
#define STORM_NMIS 20

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	uint64_t before;
	unsigned long lines = 0;

	(void)magic;
	(void)boot_info;
	kernel_init();
	before = interrupt_count(EXCEPTION_NMI);
	serial_printf("nmi storm: printing until %d NMIs are handled\n", STORM_NMIS);
	/* Serial and screen both, so that NMIs land in the middle of either. */
	while (interrupt_count(EXCEPTION_NMI) - before < STORM_NMIS) {
		kprintf("line %lu: the quick brown fox jumps over the lazy dog\n", lines);
		serial_printf("line %lu\n", lines);
		lines++;
	}
	serial_printf("nmi storm: %lu NMIs handled and reported while printing %lu lines\n",
		      (unsigned long)(interrupt_count(EXCEPTION_NMI) - before), lines);
	qemu_exit(QEMU_EXIT_SUCCESS);
}
