/*
 * Lab 2.2's grader: mb2_option() (lessons/02-minimal-kernel/multiboot2.c)
 * finds "name" and "name=value" among the space-separated words of a
 * command line, only as whole words, and tells where the value is. Each
 * command line is copied to end where an inaccessible page begins, so a
 * read past its terminating zero stops the test.
 *
 * The cases are lists of (line, name, value) written as macros, so that the
 * instructor's hidden variant (tests/labs/hidden/) can define them with
 * other words and include this file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include "multiboot2.h"

#ifndef PLAIN_WORDS
/* Words without a value: found, with an empty value. */
#define PLAIN_WORDS(check)                       \
	check("verbose", "verbose")              \
	check("hello=world verbose", "verbose")  \
	check("verbose quiet", "quiet")          \
	check("a verbose b", "verbose")
/* Words with a value: found, and the value. */
#define VALUES(check)                                                \
	check("test=console_prints_one_line", "test", "console_prints_one_line") \
	check("hello=world verbose", "hello", "world")               \
	check("a=1 b=22 c=333", "b", "22")                           \
	check("empty= x", "empty", "")                               \
	check("eq=a=b", "eq", "a=b")
/* Where the value starts, and how long it is. */
#define POSITIONS(check)                   \
	check("x=1 test=name", "test", 9, 4) \
	check("a=bc", "a", 2, 2)
/* Not whole words: not found. */
#define NOT_WORDS(check)                \
	check("verbose2", "verbose")    \
	check("noverbose", "verbose")   \
	check("verb", "verbose")        \
	check("testing=x", "test")      \
	check("x=test", "test")
/* Of two matches, the first counts. */
#define FIRST_MATCHES(check)        \
	check("n=1 n=2", "n", "1")  \
	check("n n=2", "n", "")
/* Runs of spaces, and lines or names with no words. */
#define SPACING(check)                          \
	check("   a=1    b=2   ", "b", "2")     \
	check("a b", "", NULL)                  \
	check("", "a", NULL)                    \
	check("    ", "a", NULL)
#endif

/* A copy of text whose terminating zero is the last byte before an inaccessible page. */
static char *at_a_page_end(const char *text)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = strlen(text) + 1;
	size_t span = (size + page - 1) / page * page;
	char *base = mmap(NULL, span + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);

	assert_true(base != MAP_FAILED);
	assert_true(mprotect(base + span, page, PROT_NONE) == 0);
	memcpy(base + span - size, text, size);
	return base + span - size;
}

/* Gives back what at_a_page_end() took. */
static void release(char *copy)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = strlen(copy) + 1;
	size_t span = (size + page - 1) / page * page;

	munmap(copy + size - span, span + page);
}

/*
 * What mb2_option() finds for name in line: NULL if not found, else the
 * value as a string (offset and length also returned, -1 if not found).
 */
static const char *option(const char *line, const char *name, long *offset, long *length)
{
	static char text[64];
	char *copy = at_a_page_end(line);
	const char *value = NULL;
	size_t size = 99;
	bool found = mb2_option(copy, name, &value, &size);

	*offset = *length = -1;
	if (found && value && value >= copy && size < sizeof(text) &&
	    (size_t)(value - copy) + size <= strlen(copy)) {
		*offset = value - copy;
		*length = (long)size;
		memcpy(text, value, size);
		text[size] = '\0';
	}
	release(copy);
	if (!found)
		return NULL;
	return *offset >= 0 ? text : "(a value outside the command line)";
}

static const char *value_of(const char *line, const char *name)
{
	long offset, length;

	return option(line, name, &offset, &length);
}

#define FOUND_EMPTY(line, name)	    assert_string_equal(value_of(line, name), "");
#define FOUND_VALUE(line, name, v)  assert_string_equal(value_of(line, name), v);
#define NOT_FOUND(line, name)	    assert_true(value_of(line, name) == NULL);
#define FOUND_AT(line, name, at, n)                      \
	{                                                \
		long offset, length;                     \
		assert_true(option(line, name, &offset, &length) != NULL); \
		assert_int_equal(offset, at);            \
		assert_int_equal(length, n);             \
	}
#define FOUND_OR_NOT(line, name, v)                     \
	if (v)                                          \
		assert_string_equal(value_of(line, name), v ? v : ""); \
	else                                            \
		assert_true(value_of(line, name) == NULL);

static void finds_a_plain_word(void **state)
{
	(void)state;
	PLAIN_WORDS(FOUND_EMPTY)
}

static void finds_a_value(void **state)
{
	(void)state;
	VALUES(FOUND_VALUE)
}

static void value_points_into_the_command_line(void **state)
{
	(void)state;
	POSITIONS(FOUND_AT)
}

static void only_whole_words(void **state)
{
	(void)state;
	NOT_WORDS(NOT_FOUND)
}

static void the_first_match_counts(void **state)
{
	(void)state;
	FIRST_MATCHES(FOUND_VALUE)
}

static void spaces_and_empty_lines(void **state)
{
	(void)state;
	SPACING(FOUND_OR_NOT)
	assert_false(mb2_option(NULL, "a", NULL, NULL));
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
