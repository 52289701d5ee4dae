/*
 * Lab 7.1's grader: line_editor_feed() (lessons/07-hardware-interrupts/
 * line_editor.c) keeps the typed line, takes characters back on Backspace,
 * stops adding when the buffer is full, and hands the line over on Enter.
 * The buffers are exactly as large as the editor is told, so
 * AddressSanitizer catches a write past their end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "line_editor.h"
#include "panic.h"

/* A panic in line_editor.c fails the test. */
noreturn void panic(const char *message)
{
	mock_assert(0, message, __FILE__, __LINE__);
	abort();
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
	char *buffer = malloc(16);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 16);
	assert_int_equal(line_editor_feed(&e, 'h'), LINE_ECHO);
	assert_int_equal(line_editor_feed(&e, 'i'), LINE_ECHO);
	assert_string_equal(buffer, "hi");
	assert_int_equal(e.length, 2);
	assert_int_equal(type(&e, " there!"), LINE_ECHO);
	assert_string_equal(buffer, "hi there!");
	free(buffer);
}

static void backspace_takes_the_last_character_back(void **state)
{
	char *buffer = malloc(16);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 16);
	type(&e, "helo");
	assert_int_equal(line_editor_feed(&e, '\b'), LINE_ERASE);
	assert_string_equal(buffer, "hel");
	assert_int_equal(line_editor_feed(&e, '\b'), LINE_ERASE);
	type(&e, "llo");
	assert_string_equal(buffer, "hello");
	assert_int_equal(e.length, 5);
	free(buffer);
}

static void backspace_on_an_empty_line_does_nothing(void **state)
{
	char *buffer = malloc(8);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 8);
	assert_int_equal(line_editor_feed(&e, '\b'), LINE_NOTHING);
	type(&e, "ab");
	assert_int_equal(type(&e, "\b\b"), LINE_ERASE);
	assert_int_equal(line_editor_feed(&e, '\b'), LINE_NOTHING);
	assert_string_equal(buffer, "");
	assert_int_equal(e.length, 0);
	free(buffer);
}

static void enter_hands_the_line_over(void **state)
{
	char *buffer = malloc(16);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 16);
	type(&e, "ls -l");
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_string_equal(buffer, "ls -l");
	/* The next key starts a new line. */
	assert_int_equal(line_editor_feed(&e, 'x'), LINE_ECHO);
	assert_string_equal(buffer, "x");
	assert_int_equal(e.length, 1);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_string_equal(buffer, "");
	free(buffer);
}

static void a_full_line_takes_no_more(void **state)
{
	char *buffer = malloc(4);	/* three characters and the NUL */
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 4);
	assert_int_equal(type(&e, "abc"), LINE_ECHO);
	assert_int_equal(line_editor_feed(&e, 'd'), LINE_NOTHING);
	assert_string_equal(buffer, "abc");
	/* Backspace and Enter still work. */
	assert_int_equal(line_editor_feed(&e, '\b'), LINE_ERASE);
	assert_int_equal(line_editor_feed(&e, 'z'), LINE_ECHO);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_string_equal(buffer, "abz");
	free(buffer);
}

static void control_characters_are_ignored(void **state)
{
	char *buffer = malloc(8);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 8);
	type(&e, "a");
	assert_int_equal(line_editor_feed(&e, '\t'), LINE_NOTHING);
	assert_int_equal(line_editor_feed(&e, 0x1b), LINE_NOTHING);
	assert_int_equal(line_editor_feed(&e, (char)0x80), LINE_NOTHING);
	assert_int_equal(line_editor_feed(&e, 0), LINE_NOTHING);
	assert_string_equal(buffer, "a");
	free(buffer);
}

static void a_one_byte_buffer_holds_the_empty_line(void **state)
{
	char *buffer = malloc(1);
	struct line_editor e;

	(void)state;
	line_editor_init(&e, buffer, 1);
	assert_int_equal(line_editor_feed(&e, 'a'), LINE_NOTHING);
	assert_int_equal(line_editor_feed(&e, '\n'), LINE_DONE);
	assert_string_equal(buffer, "");
	free(buffer);
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
