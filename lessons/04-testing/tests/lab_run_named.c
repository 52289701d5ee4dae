/*
 * Lab 4.2's grader: ktest_run_named() runs exactly the test it is asked
 * for, and a name that no test has counts as a failure.
 *
 * The second test fails if it ever runs; the kernel checks the results
 * and prints its own result line, "lab_run_named ... [ok]" or "[failed]".
 * The instructor's hidden variant builds this file with other names
 * (CHOSEN, NOT_CHOSEN, UNKNOWN).
 */
#include <stdbool.h>
#include <stdint.h>
#include "kernel_init.h"
#include "ktest.h"
#include "panic.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "stringify.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

#ifndef CHOSEN
#define CHOSEN lab_run_named_chosen
#define NOT_CHOSEN lab_run_named_not_chosen
#define UNKNOWN "no_such_test"
#endif
#define NAMED_KTEST(name) KTEST(name) /* KTEST with CHOSEN etc. expanded first */

static volatile unsigned runs;

NAMED_KTEST(CHOSEN)
{
	runs++;
}

NAMED_KTEST(NOT_CHOSEN)
{
	ktest_fail(__FILE__, __LINE__, "lab 4.2: ktest_run_named ran a test it was not asked for");
}

static noreturn void result(bool ok, const char *why)
{
	if (!ok)
		serial_printf("lab 4.2: %s\n", why);
	serial_printf("lab_run_named ... [%s]\n", ok ? "ok" : "failed");
	qemu_exit(ok ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	panic_set_hook(ktest_panic_hook);
	if (ktest_run_named(STRINGIFY(CHOSEN)) != 0)
		result(false, "ktest_run_named(\"" STRINGIFY(CHOSEN) "\") did not return 0");
	if (runs != 1)
		result(false, "the chosen test did not run exactly once");
	if (ktest_run_named(UNKNOWN) != 1)
		result(false, "ktest_run_named(\"" UNKNOWN "\") did not return 1");
	result(runs == 1, "the chosen test ran again");
}
