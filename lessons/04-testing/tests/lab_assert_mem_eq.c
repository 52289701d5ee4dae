/*
 * Lab 4.1's grader: ASSERT_MEM_EQ and the two functions behind it.
 *
 * The KTESTs check that equal ranges pass and that ktest_memory_difference()
 * finds the first byte that differs. Then, outside any test (so that no
 * test is marked failed), the kernel reports one difference through
 * ktest_fail_memory(); the boot test reads that message on serial. The
 * instructor's hidden variant builds this file with another ACTUAL (first
 * difference at AT) and other NAME_A, NAME_B.
 */
#include <stdint.h>
#include "kernel_init.h"
#include "ktest.h"
#include "panic.h"
#include "qemu_exit.h"
#include "serial_print.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

static const uint8_t expected[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
#ifndef ACTUAL
#define ACTUAL { 1, 2, 3, 4, 5, 0x66, 7, 0x88 }
#define AT 5 /* the first byte that differs from expected: 1 to 6 */
#define NAME_A "expected"
#define NAME_B "actual"
#endif
static const uint8_t actual[8] = ACTUAL;

KTEST(lab_mem_eq_passes_on_equal_ranges)
{
	static uint8_t big[3][300];

	for (int i = 0; i < 300; i++)
		big[0][i] = big[1][i] = (uint8_t)(i * 7);
	ASSERT_MEM_EQ(big[0], big[1], sizeof(big[0]));
	ASSERT_MEM_EQ(expected, actual, AT);
	ASSERT_MEM_EQ("kernel", "kernel", 7);
	ASSERT_MEM_EQ(expected, actual, 0);
	ASSERT_MEM_EQ(big[2], big[2], sizeof(big[2]));
}

KTEST(lab_mem_eq_finds_the_first_difference)
{
	uint8_t a[64] = { 0 }, b[64] = { 0 };

	ASSERT_EQ(ktest_memory_difference(expected, actual, 8), AT);
	ASSERT_EQ(ktest_memory_difference(expected, actual, AT + 1), AT);
	ASSERT_EQ(ktest_memory_difference(expected, actual, AT), AT);
	ASSERT_EQ(ktest_memory_difference(a, b, 64), 64);
	b[0] = 1;
	ASSERT_EQ(ktest_memory_difference(a, b, 64), 0);
	b[0] = 0;
	b[63] = 0xff;
	ASSERT_EQ(ktest_memory_difference(a, b, 64), 63);
	ASSERT_EQ(ktest_memory_difference(a, b, 63), 63);
	ASSERT_EQ(ktest_memory_difference(a, b, 0), 0);
}

KTEST(lab_mem_eq_compares_bytes_as_unsigned)
{
	const char low[2] = { 'x', 0x7f }, high[2] = { 'x', (char)0x80 };

	ASSERT_EQ(ktest_memory_difference(low, high, 2), 1);
	ASSERT_EQ(ktest_memory_difference(high, high, 2), 2);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	panic_set_hook(ktest_panic_hook);
	if (ktest_run_all(__FILE__) != 0)
		qemu_exit(QEMU_EXIT_FAILURE);
	serial_printf("lab 4.1: the message of a failed ASSERT_MEM_EQ:\n");
	ktest_fail_memory(__FILE__, __LINE__, NAME_A, NAME_B, expected, actual, 8, AT);
	qemu_exit(QEMU_EXIT_SUCCESS);
}
