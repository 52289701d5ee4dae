/*
 * Host tests of the formatter (lessons/03-vga-text/format.c): every
 * conversion, length modifier, width and flag, the extreme values, unknown
 * conversions and buffers that are too small. Output buffers are allocated
 * to their exact size, so AddressSanitizer catches any write past them.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "format.h"

/* Formats with the compiler's checks switched off, for formats it rejects
   on purpose: unknown conversions, a format cut short, NULL for %s, flags
   that C leaves undefined for a conversion. The formatter still has to do
   something sensible with them. */
static int unchecked(char *buffer, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = format_string_va(buffer, size, fmt, args);
	va_end(args);
	return n;
}

/* Checks the text of one call of a format_string()-like function and its return value. */
#define CHECK_WITH(function, expected, ...)                                    \
	do {                                                                   \
		char out_[256];                                                \
		int n_ = function(out_, sizeof(out_), __VA_ARGS__);           \
		assert_string_equal(out_, expected);                           \
		assert_int_equal(n_, strlen(expected));                        \
	} while (0)

/* format_string() itself, with its arguments checked by the compiler. */
#define CHECK(expected, ...) CHECK_WITH(format_string, expected, __VA_ARGS__)
/* The same through unchecked(), for formats the compiler would refuse. */
#define CHECK_UNCHECKED(expected, ...) CHECK_WITH(unchecked, expected, __VA_ARGS__)

static void plain_text_and_percent(void **state)
{
	(void)state;
	CHECK("", "%s", "");
	CHECK("hello, world", "hello, world");
	CHECK("100%", "100%%");
	CHECK("%%", "%%%%");
}

static void characters_and_strings(void **state)
{
	const char *nothing = NULL;

	(void)state;
	CHECK("x", "%c", 'x');
	CHECK("[a][b]", "[%c][%c]", 'a', 'b');
	CHECK("kernel", "%s", "kernel");
	CHECK_UNCHECKED("(null)", "%s", nothing);
	CHECK("one two", "%s %s", "one", "two");
}

static void signed_decimal(void **state)
{
	(void)state;
	CHECK("0", "%d", 0);
	CHECK("42", "%d", 42);
	CHECK("-42", "%i", -42);
	CHECK("2147483647", "%d", INT_MAX);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("-9223372036854775808", "%ld", LONG_MIN);
	CHECK("9223372036854775807", "%lld", LLONG_MAX);
	CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK("-1", "%zd", (ptrdiff_t)-1);
	CHECK("-5 5", "%i %i", -5, 5);
}

static void unsigned_decimal(void **state)
{
	(void)state;
	CHECK("0", "%u", 0u);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("4294967295", "%u", (unsigned)-1);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK("18446744073709551615", "%zu", SIZE_MAX);
	CHECK("4096", "%zu", sizeof(char[4096]));
}

static void hexadecimal(void **state)
{
	(void)state;
	CHECK("0", "%x", 0u);
	CHECK("beef", "%x", 0xbeefu);
	CHECK("BEEF", "%X", 0xbeefu);
	CHECK("ffffffff", "%x", (unsigned)-1);
	CHECK("ffffffffffffffff", "%lx", ULONG_MAX);
	CHECK("FFFFFFFFFFFFFFFF", "%llX", (unsigned long long)UINT64_MAX);
	CHECK("8000000000000000", "%llx", 1ull << 63);
	CHECK("1000", "%zx", (size_t)0x1000);
}

static void pointers(void **state)
{
	(void)state;
	CHECK("0x0", "%p", (void *)0);
	CHECK("0xb8000", "%p", (void *)0xb8000);
	CHECK("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	CHECK_UNCHECKED("0x0000b8000", "%011p", (void *)0xb8000);
	CHECK("  0xb8000", "%9p", (void *)0xb8000);
}

static void field_width(void **state)
{
	(void)state;
	CHECK("   42", "%5d", 42);
	CHECK("  -42", "%5d", -42);
	CHECK("42", "%1d", 42);
	CHECK("12345", "%3d", 12345);
	CHECK("    x", "%5c", 'x');
	CHECK("   ab", "%5s", "ab");
	CHECK_UNCHECKED("(null)", "%3s", (char *)NULL);
	CHECK("       beef", "%11x", 0xbeefu);
}

static void zero_padding(void **state)
{
	(void)state;
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("0000beef", "%08x", 0xbeefu);
	CHECK("00000000", "%08X", 0u);
	CHECK("-9223372036854775808", "%05lld", (long long)INT64_MIN);
	/* Zeros pad numbers only; strings and characters get spaces. */
	CHECK_UNCHECKED("   ab", "%05s", "ab");
	CHECK_UNCHECKED("    c", "%05c", 'c');
}

static void left_justification(void **state)
{
	(void)state;
	CHECK("42   |", "%-5d|", 42);
	CHECK("-42  |", "%-5d|", -42);
	CHECK("ab   |", "%-5s|", "ab");
	CHECK("x  |", "%-3c|", 'x');
	/* '-' wins over '0': padding after the number, with spaces. */
	CHECK_UNCHECKED("42   |", "%-05d|", 42);
	CHECK_UNCHECKED("42   |", "%0-5d|", 42);
	CHECK("0x10  |", "%-6p|", (void *)0x10);
}

static void wide_fields_are_capped(void **state)
{
	char *out = malloc(FORMAT_MAX_WIDTH + 1);

	(void)state;
	assert_int_equal(format_string(out, FORMAT_MAX_WIDTH + 1, "%1000d", 7), 1000);
	assert_int_equal(out[998], ' ');
	assert_int_equal(out[999], '7');
	assert_int_equal(unchecked(out, FORMAT_MAX_WIDTH + 1, "%99999999999999999999999d", 7),
			 FORMAT_MAX_WIDTH);
	assert_int_equal(out[FORMAT_MAX_WIDTH - 1], '7');
	free(out);
}

static void unknown_conversions_are_shown(void **state)
{
	(void)state;
	CHECK_UNCHECKED("%q", "%q");
	CHECK_UNCHECKED("a %q b", "a %q b");
	/* After an unknown conversion the rest is plain text: no argument is
	   read, because its type is unknown. Here none is passed at all. */
	CHECK_UNCHECKED("%y then %s and %d", "%y then %s and %d");
	CHECK_UNCHECKED("5 %k %s", "%d %k %s", 5);
	/* Modifiers and flags we do not support show up too. */
	CHECK_UNCHECKED("%hd", "%hd", 1);
	CHECK_UNCHECKED("%+d", "%+d", 1);
	CHECK_UNCHECKED("%.3s", "%.3s", "abcdef");
	CHECK_UNCHECKED("%*d", "%*d", 5, 1);
	CHECK_UNCHECKED("%ls", "%ls", "x");
	CHECK_UNCHECKED("%lc", "%lc", 'x');
	CHECK_UNCHECKED("%zp", "%zp", (void *)0);
	/* A format that ends inside a conversion. */
	CHECK_UNCHECKED("100%", "100%");
	CHECK_UNCHECKED("x %-08", "x %-08");
	CHECK_UNCHECKED("%ll", "%ll");
}

static void small_buffers_are_cut_and_terminated(void **state)
{
	char *out = malloc(6);
	char untouched = 'u';

	(void)state;
	assert_int_equal(format_string(out, 6, "%s", "truncated"), 9);
	assert_string_equal(out, "trunc");
	assert_int_equal(format_string(out, 6, "%d", -123456), 7);
	assert_string_equal(out, "-1234");
	assert_int_equal(format_string(out, 1, "%s", "abc"), 3);
	assert_string_equal(out, "");
	/* Size 0: nothing is written, not even the NUL; the length is still counted. */
	assert_int_equal(format_string(&untouched, 0, "%s", "abc"), 3);
	assert_int_equal(untouched, 'u');
	assert_int_equal(format_string(NULL, 0, "%x", 0xabcu), 3);
	free(out);
}

/* A sink that appends to a string and counts its calls. */
struct collected {
	char text[128];
	size_t length;
	int calls;
};

static void collect(void *context, const char *text, size_t length)
{
	struct collected *c = context;

	assert_true(length > 0);
	assert_true(c->length + length < sizeof(c->text));
	memcpy(c->text + c->length, text, length);
	c->length += length;
	c->text[c->length] = '\0';
	c->calls++;
}

static void sink_gets_every_piece(void **state)
{
	struct collected c = { .length = 0 };

	(void)state;
	assert_int_equal(format_to(collect, &c, "a=%d, b=%-4s|%05x", -7, "xy", 0x2au), 18);
	assert_string_equal(c.text, "a=-7, b=xy  |0002a");
	assert_int_equal(c.length, 18);
	assert_true(c.calls >= 5);
	c = (struct collected){ .length = 0 };
	assert_int_equal(format_to(collect, &c, "%s", ""), 0);
	assert_int_equal(c.calls, 0);	/* empty pieces are never handed over */
}

/* A line built piece by piece in a format_buffer stays terminated and is cut to fit. */
static void buffer_sink_appends_and_cuts(void **state)
{
	char text[8];
	struct format_buffer b;

	(void)state;
	format_buffer_init(&b, text, sizeof(text));
	assert_string_equal(text, "");
	format_to(format_buffer_write, &b, "%s", "P W");
	assert_string_equal(text, "P W");
	assert_int_equal(format_to(format_buffer_write, &b, " %s", "NX PCD"), 7);
	assert_string_equal(text, "P W NX ");
	assert_int_equal(b.used, 7);
	format_to(format_buffer_write, &b, "more");
	assert_string_equal(text, "P W NX ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_and_percent),
		cmocka_unit_test(characters_and_strings),
		cmocka_unit_test(signed_decimal),
		cmocka_unit_test(unsigned_decimal),
		cmocka_unit_test(hexadecimal),
		cmocka_unit_test(pointers),
		cmocka_unit_test(field_width),
		cmocka_unit_test(zero_padding),
		cmocka_unit_test(left_justification),
		cmocka_unit_test(wide_fields_are_capped),
		cmocka_unit_test(unknown_conversions_are_shown),
		cmocka_unit_test(small_buffers_are_cut_and_terminated),
		cmocka_unit_test(sink_gets_every_piece),
		cmocka_unit_test(buffer_sink_appends_and_cuts),
	};
	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
