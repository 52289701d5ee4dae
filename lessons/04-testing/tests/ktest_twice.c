/*
 * Test kernel: ktest_run_all() twice in a row. Each run must count only
 * its own tests: "1 passed, 0 failed" both times (S14 of the 2026-12 code
 * review: the counters were never reset, and the second run said 2).
 */
#include <stdint.h>
#include "kernel_init.h"
#include "ktest.h"
#include "qemu_exit.h"
#include "serial_print.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

KTEST(ktest_twice_passes)
{
	ASSERT(1 + 1 == 2);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	unsigned failed;

	(void)magic;
	(void)boot_info;
	kernel_init();
	serial_printf("ktest twice: first run\n");
	failed = ktest_run_all(__FILE__);
	serial_printf("ktest twice: second run\n");
	failed += ktest_run_all(__FILE__);
	qemu_exit(failed == 0 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}
