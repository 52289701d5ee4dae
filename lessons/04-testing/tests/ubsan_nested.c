/*
 * Test kernel (built with the sanitizer, as every test kernel whose name
 * starts with ubsan_): undefined behaviour inside a UBSan report's own code.
 *
 * Unexpected undefined behaviour outside a test ends its report in
 * panic(), and panic() calls this kernel's hook while that report is still
 * running. The hook commits a signed overflow of its own, which calls the
 * runtime again. The runtime must count it and return, not start a second
 * report: that one would end in a second panic, whose hook is already
 * used, and the kernel would halt (a hang, before ubsan.c had its guard);
 * and with the undefined behaviour in the formatter or the serial driver,
 * each report would start the next until the stack overflowed.
 */
#include <stdint.h>
#include "kernel_init.h"
#include "panic.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "ubsan.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

/* volatile: the compiler must not see the overflows coming. */
static volatile int largest = INT32_MAX;

static void overflow_inside_the_report(const char *message)
{
	unsigned before = ubsan_report_count();
	volatile int sum = largest + 1; /* undefined: calls the runtime again */
	unsigned counted = ubsan_report_count() - before;

	(void)message;
	(void)sum;
	serial_printf("ubsan nested: %u report(s) counted inside the report\n", counted);
	qemu_exit(counted == 1 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	volatile int sum;

	(void)magic;
	(void)boot_info;
	kernel_init();
	ubsan_expect_reports(false); /* the first report panics */
	panic_set_hook(overflow_inside_the_report);
	serial_printf("ubsan nested: an overflow outside any test\n");
	sum = largest + 1;
	(void)sum;
	serial_printf("ubsan nested: the overflow was not reported\n");
	qemu_exit(QEMU_EXIT_FAILURE);
}
