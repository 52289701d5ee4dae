/*
 * Test kernel, built with the undefined-behaviour sanitizer (its name
 * starts with ubsan_): it commits four kinds of undefined behaviour on
 * purpose, and each must be reported with its kind, file, line and values.
 *
 * The operands come from volatile variables, so that the compiler cannot
 * see the values: with constants it would warn at compile time (an error
 * under -Werror) or fold the operation away before any check could run.
 */
#include <stdint.h>
#include "kernel_init.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "ubsan.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

static volatile int shift_count = 40;
static volatile int big = 0x7fffffff; /* INT_MAX */
static volatile int one = 1;
static volatile int index_four = 4;
static volatile uint64_t sink;

/* An array with a neighbour: table.entries[4] is out of its array's bounds
 * but still inside the struct, so the access itself does no harm. */
static struct {
	int entries[4];
	int after;
} table = {{1, 2, 3, 4}, 5};
static _Alignas(4) uint8_t bytes[8];

/* Reads a 32-bit value at address + offset; with offset 1, misaligned. */
__attribute__((noinline)) static uint32_t read_u32(const uint8_t *address, int offset)
{
	return *(const uint32_t *)(address + offset);
}
static unsigned kinds_missed;

/* Did the operation just before get at least one report? */
static void check_reported(const char *kind, unsigned before)
{
	unsigned after = ubsan_report_count();

	serial_printf("ubsan_reports: %s: %u report(s)\n", kind, after - before);
	if (after == before)
		kinds_missed++;
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	unsigned before;

	(void)magic;
	(void)boot_info;
	kernel_init();
	ubsan_expect_reports(true);

	before = ubsan_report_count();
	sink = 1 << shift_count;
	check_reported("shift too far", before);

	before = ubsan_report_count();
	sink = (uint64_t)(big + one);
	check_reported("signed overflow", before);

	before = ubsan_report_count();
	sink = read_u32(bytes, one);
	check_reported("misaligned access", before);

	before = ubsan_report_count();
	sink = (uint64_t)table.entries[index_four];
	check_reported("index out of bounds", before);

	serial_printf("ubsan_reports: %u kind(s) not reported\n", kinds_missed);
	qemu_exit(kinds_missed == 0 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}
