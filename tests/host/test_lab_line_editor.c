/*
 * Lab 7.1's grader: line_editor_feed() (lessons/07-hardware-interrupts/
 * line_editor.c) keeps the typed line, takes characters back on Backspace,
 * stops adding when the buffer is full, and hands the line over on Enter.
 * Each buffer ends where an inaccessible page begins, exactly as large as
 * the editor is told, so a write past its end stops the test.
 *
 * The keys and sizes are macros, so that the instructor's hidden variant
 * (tests/labs/hidden/) can define them with other values and include this
 * file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include "line_editor.h"
#include "panic.h"

#ifndef TYPED_KEYS
#define TYPED_SIZE	  16
#define TYPED_KEYS	  "hi there!"
#define ERASE_SIZE	  16
#define ERASE_TYPED	  "helo"	/* then ERASE_COUNT Backspaces, then ERASE_MORE */
#define ERASE_COUNT	  2
#define ERASE_MORE	  "llo"
#define ERASE_LINE	  "hello"
#define EMPTY_SIZE	  8
#define EMPTY_TYPED	  "ab"		/* then as many Backspaces, and one more */
#define ENTER_SIZE	  16
#define ENTER_LINE	  "ls -l"
#define ENTER_NEXT	  'x'
#define FULL_SIZE	  4		/* three characters and the NUL */
#define FULL_TYPED	  "abc"
#define FULL_EXTRA	  'd'
#define FULL_REPLACEMENT  'z'
#define FULL_LINE	  "abz"
#define CONTROL_TYPED	  "a"
#define CONTROL_KEYS	  { '\t', 0x1b, (char)0x80, 0 }
#endif

/* A panic in line_editor.c fails the test. */
noreturn void panic(const char *message)
{
	mock_assert(0, message, __FILE__, __LINE__);
	abort();
}

/* size bytes whose last one is just below an inaccessible page. */
static char *buffer_of(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (size + page - 1) / page * page;
	char *base = mmap(NULL, span + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);

	assert_true(base != MAP_FAILED);
	assert_true(mprotect(base + span, page, PROT_NONE) == 0);
	return base + span - size;
}

/* Gives back what buffer_of(size) took. */
static void release(char *buffer, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (size + page - 1) / page * page;

	munmap(buffer + size - span, span + page);
}

/* Feeds a string; returns the event of its last character. */
static enum line_event type(struct line_editor *e, const char *keys)
{
	enum line_event last = LINE_NOTHING;

	while (*keys)
		last = line_editor_feed(e, *keys++);
	return last;
}

static void keeps_what_is_typed(void **state)
{
	char *buffer = buffer_of(TYPED_SIZE);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, TYPED_SIZE);
	assert_int_equal(line_editor_feed(&e, TYPED_KEYS[0]), LINE_ECHO);
	assert_string_equal(buffer, ((char[]){ TYPED_KEYS[0], 0 }));
	assert_int_equal(e.length, 1);
	assert_int_equal(type(&e, &TYPED_KEYS[1]), LINE_ECHO);
	assert_string_equal(buffer, TYPED_KEYS);
	assert_int_equal(e.length, strlen(TYPED_KEYS));
	release(buffer, TYPED_SIZE);
}

static void backspace_takes_the_last_character_back(void **state)
{
	char *buffer = buffer_of(ERASE_SIZE);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, ERASE_SIZE);
	type(&e, ERASE_TYPED);
	for (int i = 0; i < ERASE_COUNT; i++)
		assert_int_equal(line_editor_feed(&e, '\b'), LINE_ERASE);
	assert_int_equal(e.length, strlen(ERASE_TYPED) - ERASE_COUNT);
	type(&e, ERASE_MORE);
	assert_string_equal(buffer, ERASE_LINE);
	assert_int_equal(e.length, strlen(ERASE_LINE));
	release(buffer, ERASE_SIZE);
}

static void backspace_on_an_empty_line_does_nothing(void **state)
{
	char *buffer = buffer_of(EMPTY_SIZE);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, EMPTY_SIZE);
	assert_int_equal(line_editor_feed(&e, '\b'), LINE_NOTHING);
	type(&e, EMPTY_TYPED);
	for (size_t i = 0; i < strlen(EMPTY_TYPED); i++)
		assert_int_equal(line_editor_feed(&e, '\b'), LINE_ERASE);
	assert_int_equal(line_editor_feed(&e, '\b'), LINE_NOTHING);
	assert_string_equal(buffer, "");
	assert_int_equal(e.length, 0);
	release(buffer, EMPTY_SIZE);
}

static void enter_hands_the_line_over(void **state)
{
	char *buffer = buffer_of(ENTER_SIZE);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, ENTER_SIZE);
	type(&e, ENTER_LINE);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_string_equal(buffer, ENTER_LINE);
	/* The next key starts a new line. */
	assert_int_equal(line_editor_feed(&e, ENTER_NEXT), LINE_ECHO);
	assert_string_equal(buffer, ((char[]){ ENTER_NEXT, 0 }));
	assert_int_equal(e.length, 1);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_string_equal(buffer, "");
	release(buffer, ENTER_SIZE);
}

static void a_full_line_takes_no_more(void **state)
{
	char *buffer = buffer_of(FULL_SIZE);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, FULL_SIZE);
	assert_int_equal(type(&e, FULL_TYPED), LINE_ECHO);
	assert_int_equal(line_editor_feed(&e, FULL_EXTRA), LINE_NOTHING);
	assert_string_equal(buffer, FULL_TYPED);
	/* Backspace and Enter still work. */
	assert_int_equal(line_editor_feed(&e, '\b'), LINE_ERASE);
	assert_int_equal(line_editor_feed(&e, FULL_REPLACEMENT), LINE_ECHO);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_string_equal(buffer, FULL_LINE);
	release(buffer, FULL_SIZE);
}

static void control_characters_are_ignored(void **state)
{
	static const char keys[] = CONTROL_KEYS;
	char *buffer = buffer_of(8);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 8);
	type(&e, CONTROL_TYPED);
	for (size_t i = 0; i < sizeof(keys); i++)
		assert_int_equal(line_editor_feed(&e, keys[i]), LINE_NOTHING);
	assert_string_equal(buffer, CONTROL_TYPED);
	release(buffer, 8);
}

static void a_one_byte_buffer_holds_the_empty_line(void **state)
{
	char *buffer = buffer_of(1);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 1);
	assert_int_equal(line_editor_feed(&e, 'a'), LINE_NOTHING);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_string_equal(buffer, "");
	release(buffer, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_what_is_typed),
		cmocka_unit_test(backspace_takes_the_last_character_back),
		cmocka_unit_test(backspace_on_an_empty_line_does_nothing),
		cmocka_unit_test(enter_hands_the_line_over),
		cmocka_unit_test(a_full_line_takes_no_more),
		cmocka_unit_test(control_characters_are_ignored),
		cmocka_unit_test(a_one_byte_buffer_holds_the_empty_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
