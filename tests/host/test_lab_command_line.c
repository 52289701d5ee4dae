/*
 * Lab 2.2's grader: mb2_option() (lessons/02-minimal-kernel/multiboot2.c)
 * finds "name" and "name=value" among the space-separated words of a
 * command line, only as whole words, and tells where the value is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "multiboot2.h"

/* The value of an option as a string, or NULL if it is not there. */
static const char *value_of(const char *command_line, const char *name)
{
	static char text[64];
	const char *value = NULL;
	size_t length = 99;

	if (!mb2_option(command_line, name, &value, &length))
		return NULL;
	assert_non_null(value);
	assert_true(length < sizeof(text));
	memcpy(text, value, length);
	text[length] = '\0';
	return text;
}

static void finds_a_plain_word(void **state)
{
	(void)state;
	assert_true(mb2_option("verbose", "verbose", NULL, NULL));
	assert_true(mb2_option("hello=world verbose", "verbose", NULL, NULL));
	assert_true(mb2_option("verbose quiet", "quiet", NULL, NULL));
	assert_string_equal(value_of("a verbose b", "verbose"), "");
}

static void finds_a_value(void **state)
{
	(void)state;
	assert_string_equal(value_of("test=console_prints_one_line", "test"),
			    "console_prints_one_line");
	assert_string_equal(value_of("hello=world verbose", "hello"), "world");
	assert_string_equal(value_of("a=1 b=22 c=333", "b"), "22");
	assert_string_equal(value_of("empty= x", "empty"), "");
	assert_string_equal(value_of("eq=a=b", "eq"), "a=b");
}

static void value_points_into_the_command_line(void **state)
{
	const char *line = "x=1 test=name";
	const char *value = NULL;
	size_t length = 0;

	(void)state;
	assert_true(mb2_option(line, "test", &value, &length));
	assert_int_equal(value - line, 9);
	assert_int_equal(length, 4);
}

static void only_whole_words(void **state)
{
	(void)state;
	assert_false(mb2_option("verbose2", "verbose", NULL, NULL));
	assert_false(mb2_option("noverbose", "verbose", NULL, NULL));
	assert_false(mb2_option("verb", "verbose", NULL, NULL));
	assert_false(mb2_option("testing=x", "test", NULL, NULL));
	assert_false(mb2_option("x=test", "test", NULL, NULL));
}

static void the_first_match_counts(void **state)
{
	(void)state;
	assert_string_equal(value_of("n=1 n=2", "n"), "1");
	assert_string_equal(value_of("n n=2", "n"), "");
}

static void spaces_and_empty_lines(void **state)
{
	(void)state;
	assert_string_equal(value_of("   a=1    b=2   ", "b"), "2");
	assert_false(mb2_option("", "a", NULL, NULL));
	assert_false(mb2_option("    ", "a", NULL, NULL));
	assert_false(mb2_option(NULL, "a", NULL, NULL));
	assert_false(mb2_option("a b", "", NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_a_plain_word),
		cmocka_unit_test(finds_a_value),
		cmocka_unit_test(value_points_into_the_command_line),
		cmocka_unit_test(only_whole_words),
		cmocka_unit_test(the_first_match_counts),
		cmocka_unit_test(spaces_and_empty_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
