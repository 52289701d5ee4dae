/* Host tests of u64_to_string(): every base, the extremes, bad bases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "number.h"

static void check(uint64_t value, unsigned base, bool upper, const char *expected)
{
	char buffer[NUMBER_BUFFER_SIZE];
	size_t n = u64_to_string(value, base, upper, buffer);

	assert_string_equal(buffer, expected);
	assert_int_equal(n, strlen(expected));
}

static void zero_is_one_digit(void **state)
{
	(void)state;
	check(0, 10, false, "0");
	check(0, 16, false, "0");
	check(0, 2, false, "0");
}

static void decimal(void **state)
{
	(void)state;
	check(7, 10, false, "7");
	check(1234567890, 10, false, "1234567890");
	check(UINT64_MAX, 10, false, "18446744073709551615");
}

static void hexadecimal_cases(void **state)
{
	(void)state;
	check(0x36d76289, 16, false, "36d76289");
	check(0xdeadBEEF, 16, true, "DEADBEEF");
	check(UINT64_MAX, 16, false, "ffffffffffffffff");
}

static void binary_fills_the_buffer(void **state)
{
	char expected[65];

	(void)state;
	memset(expected, '1', 64);
	expected[64] = '\0';
	check(UINT64_MAX, 2, false, expected);
	check(5, 2, false, "101");
}

static void bad_base_means_decimal(void **state)
{
	(void)state;
	check(42, 0, false, "42");
	check(42, 1, false, "42");
	check(42, 17, false, "42");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zero_is_one_digit),
		cmocka_unit_test(decimal),
		cmocka_unit_test(hexadecimal_cases),
		cmocka_unit_test(binary_fills_the_buffer),
		cmocka_unit_test(bad_base_means_decimal),
	};
	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
