/*
 * Lab 7.2's grader: a test that never returns is stopped by the time limit.
 *
 * With a limit of 500 ms, a quick test passes and an endless one must end
 * in the watchdog's panic, which names it. This kernel's panic hook checks
 * when it came and reports the result (the host checks the message); without the watchdog the kernel
 * hangs and the runner stops it at its own time limit. The instructor's
 * hidden variant builds this file with another LIMIT_MS and ENDLESS name.
 */
#include <stdbool.h>
#include <stdint.h>
#include "kernel_init.h"
#include "ktest.h"
#include "ktest_watchdog.h"
#include "panic.h"
#include "pit.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "x86.h"

#ifndef LIMIT_MS
#define LIMIT_MS 500
#define ENDLESS lab_time_limit_endless_test
#endif
#define NAMED_KTEST(name) KTEST(name) /* KTEST with ENDLESS expanded first */

void kernel_main(uint32_t magic, uint64_t boot_info);

static uint64_t endless_started;

KTEST(lab_time_limit_quick_test_passes)
{
	pit_sleep(pit_frequency() / 10); /* 100 ms, well within the limit */
}

NAMED_KTEST(ENDLESS)
{
	endless_started = pit_ticks();
	for (;;)
		hlt(); /* interrupts stay on: the timer keeps ticking */
}

/*
 * The panic's text is checked by the host, on serial (the .test): the kernel
 * never holds the text it is expected to print, only the test's inputs.
 */
static void expected_panic(const char *message)
{
	uint64_t ms = (pit_ticks() - endless_started) * 1000 / pit_frequency();
	bool ok = ms >= LIMIT_MS && ms < 4 * LIMIT_MS;

	if (!ok)
		serial_printf("lab 7.2: the panic \"%s\" came after %llu ms, expected after "
			      "%u ms\n",
			      message, (unsigned long long)ms, LIMIT_MS);
	serial_printf("lab_time_limit ... [%s]\n", ok ? "ok" : "failed");
	qemu_exit(ok ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	ktest_watchdog_init(LIMIT_MS);
	panic_set_hook(expected_panic);
	ktest_run_all(__FILE__);
	serial_printf("lab 7.2: the endless test returned\n");
	serial_printf("lab_time_limit ... [failed]\n");
	qemu_exit(QEMU_EXIT_FAILURE);
}
