/*
 * In-kernel tests of the pieces the test framework itself stands on: the
 * assertions when they hold, and the formatter built with the kernel's
 * flags (no SSE registers, no red zone), where a va_list is handled
 * differently from the host build that tests/host/test_format.c checks.
 */
#include <stdint.h>
#include "format.h"
#include "ktest.h"

KTEST(assertions_pass_when_they_hold)
{
	ASSERT(1 + 1 == 2);
	ASSERT_EQ(-1, -1);
	ASSERT_EQ(UINT64_MAX, UINT64_MAX);
	ASSERT_EQ(INT64_MIN, INT64_MIN);
	ASSERT_STR_EQ("kernel", "kernel");
	ASSERT_STR_EQ(NULL, NULL);
	ASSERT(!ktest_strings_equal("a", NULL));
	ASSERT(!ktest_strings_equal("a", "ab"));
}

//! [format test]
KTEST(format_works_in_the_kernel)
{
	char text[96];
	int n = format_string(text, sizeof(text), "%d|%5u|%-4x|%08X|%c|%s|%lld|%llu|%zu|%p",
			      -7, 42u, 0xabu, 0xbeefu, 'k', "str", (long long)INT64_MIN,
			      (unsigned long long)UINT64_MAX, sizeof(uint64_t), (void *)0xb8000);

	ASSERT_STR_EQ(text, "-7|   42|ab  |0000BEEF|k|str|-9223372036854775808|"
			    "18446744073709551615|8|0xb8000");
	ASSERT_EQ(n, 80);
}
//! [format test]
