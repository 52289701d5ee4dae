/*
 * Lab 2.2's hidden variant (instructor-only: tools/handout.py leaves it
 * out). The rules of tests/host/test_lab_command_line.c with other names,
 * values and spacing, on a command line in a buffer of its exact size (so
 * AddressSanitizer catches a read past its end): an mb2_option() that
 * knows only the public cases' words fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "multiboot2.h"

/* A copy of text on the heap, exactly as large as the string. */
static char *exact(const char *text)
{
	size_t size = strlen(text) + 1;
	char *copy = malloc(size);

	memcpy(copy, text, size);
	return copy;
}

/* Whether name is there, and its value's offset and length (-1 if none). */
static bool find(const char *line, const char *name, long *offset, long *length)
{
	char *copy = exact(line);
	const char *value = NULL;
	size_t size = 0;
	bool found = mb2_option(copy, name, &value, &size);

	*offset = found && value ? value - copy : -1;
	*length = found && value ? (long)size : -1;
	free(copy);
	return found;
}

static void values_of_other_names(void **state)
{
	long offset, length;

	(void)state;
	assert_true(find("root=/dev/sda2 mem=512M", "mem", &offset, &length));
	assert_int_equal(offset, 19);
	assert_int_equal(length, 4);
	assert_true(find("k_9=Z", "k_9", &offset, &length));
	assert_int_equal(offset, 4);
	assert_int_equal(length, 1);
	assert_true(find("q rr=ssss t", "rr", &offset, &length));
	assert_int_equal(offset, 5);
	assert_int_equal(length, 4);
}

static void a_plain_word_has_an_empty_value(void **state)
{
	long offset, length;

	(void)state;
	assert_true(find("alpha beta gamma", "beta", &offset, &length));
	assert_int_equal(length, 0);
	assert_true(find("gamma", "gamma", &offset, &length));
	assert_int_equal(length, 0);
}

static void prefixes_and_suffixes_do_not_match(void **state)
{
	long offset, length;

	(void)state;
	assert_false(find("debugger=1", "debug", &offset, &length));
	assert_false(find("xdebug", "debug", &offset, &length));
	assert_false(find("de", "debug", &offset, &length));
	assert_false(find("a=debug", "debug", &offset, &length));
	assert_true(find("debugger=1 debug=2", "debug", &offset, &length));
	assert_int_equal(offset, 17);
}

static void the_first_of_many_and_odd_spacing(void **state)
{
	long offset, length;

	(void)state;
	assert_true(find("      z=abc   z=de", "z", &offset, &length));
	assert_int_equal(offset, 8);
	assert_int_equal(length, 3);
	assert_false(find("         ", "z", &offset, &length));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_of_other_names),
		cmocka_unit_test(a_plain_word_has_an_empty_value),
		cmocka_unit_test(prefixes_and_suffixes_do_not_match),
		cmocka_unit_test(the_first_of_many_and_odd_spacing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
