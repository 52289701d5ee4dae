/*
 * Host tests of the VGA text writer (lessons/03-vga-text/vga.c), run on an
 * ordinary array instead of the screen. The array has guard cells on both
 * sides that must never change, and it is allocated to its exact size, so
 * AddressSanitizer also catches any write outside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "panic.h"
#include "vga.h"

#define GUARD 8			/* cells on each side of the screen */
#define GUARD_CELL 0xdead	/* what the guard cells hold */
#define GREY_ON_BLACK 0x07	/* the writer's default attribute */

/* vga.c panics on impossible states; here a panic fails the test, unless the
   test expects it with expect_assert_failure(). */
noreturn void panic(const char *message)
{
	mock_assert(0, message, __FILE__, __LINE__);
	abort();
}

struct screen {
	uint16_t *cells;	/* GUARD + width * height + GUARD cells */
	size_t width, height;
	struct vga_writer w;
};

static struct screen *new_screen(size_t width, size_t height)
{
	struct screen *s = calloc(1, sizeof(*s));
	size_t total = width * height + 2 * GUARD;

	s->cells = malloc(total * sizeof(uint16_t));
	for (size_t i = 0; i < total; i++)
		s->cells[i] = GUARD_CELL;
	s->width = width;
	s->height = height;
	vga_writer_init(&s->w, s->cells + GUARD, width, height);
	vga_clear(&s->w);
	return s;
}

static void check_guards(const struct screen *s)
{
	size_t end = GUARD + s->width * s->height;

	for (size_t i = 0; i < GUARD; i++) {
		assert_int_equal(s->cells[i], GUARD_CELL);
		assert_int_equal(s->cells[end + i], GUARD_CELL);
	}
}

static void free_screen(struct screen *s)
{
	check_guards(s);
	free(s->cells);
	free(s);
}

static uint8_t char_at(const struct screen *s, size_t row, size_t column)
{
	return (uint8_t)(vga_read_cell(&s->w, row, column) & 0xff);
}

static uint8_t attr_at(const struct screen *s, size_t row, size_t column)
{
	return (uint8_t)(vga_read_cell(&s->w, row, column) >> 8);
}

/* The characters of one row, trailing blanks removed. */
static const char *row_text(const struct screen *s, size_t row)
{
	static char text[256];
	size_t n = 0;

	for (size_t column = 0; column < s->width && column < sizeof(text) - 1; column++)
		text[n++] = (char)char_at(s, row, column);
	while (n > 0 && text[n - 1] == ' ')
		n--;
	text[n] = '\0';
	return text;
}

static void attribute_packs_foreground_and_background(void **state)
{
	(void)state;
	for (int fg = 0; fg < VGA_COLOR_COUNT; fg++) {
		for (int bg = 0; bg < 8; bg++)
			assert_int_equal(vga_attribute(fg, bg), fg | bg << 4);
	}
	assert_int_equal(vga_attribute(VGA_WHITE, VGA_BLUE), 0x1f);
	assert_int_equal(vga_attribute(VGA_YELLOW, VGA_BLUE), 0x1e);
	/* A bright background would set the blink bit: bit 3 is dropped. */
	assert_int_equal(vga_attribute(VGA_BLACK, VGA_WHITE), 0x70);
	assert_int_equal(vga_cell('A', 0x1f), 0x1f41);
}

static void clear_fills_with_blanks(void **state)
{
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);
	uint16_t blank = vga_cell(' ', GREY_ON_BLACK);

	(void)state;
	for (size_t row = 0; row < VGA_HEIGHT; row++) {
		for (size_t column = 0; column < VGA_WIDTH; column++)
			assert_int_equal(vga_read_cell(&s->w, row, column), blank);
	}
	vga_set_color(&s->w, VGA_WHITE, VGA_BLUE);
	vga_write_string(&s->w, "xyz");
	vga_clear(&s->w);
	assert_int_equal(s->w.column, 0);
	assert_int_equal(vga_read_cell(&s->w, 24, 0), ' ' | 0x1f << 8);
	assert_int_equal(vga_read_cell(&s->w, 0, 79), ' ' | 0x1f << 8);
	free_screen(s);
}

static void writes_on_the_bottom_row(void **state)
{
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);

	(void)state;
	vga_write_string(&s->w, "Hello");
	assert_string_equal(row_text(s, 24), "Hello");
	assert_int_equal(s->w.column, 5);
	assert_int_equal(attr_at(s, 24, 0), GREY_ON_BLACK);
	for (size_t row = 0; row < 24; row++)
		assert_string_equal(row_text(s, row), "");
	vga_write(&s->w, ", world!!!", 8);	/* only n bytes */
	assert_string_equal(row_text(s, 24), "Hello, world!");
	free_screen(s);
}

static void newline_moves_rows_up(void **state)
{
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);

	(void)state;
	vga_write_string(&s->w, "first\nsecond\n");
	assert_string_equal(row_text(s, 22), "first");
	assert_string_equal(row_text(s, 23), "second");
	assert_string_equal(row_text(s, 24), "");
	assert_int_equal(s->w.column, 0);
	free_screen(s);
}

static void wraps_at_column_80(void **state)
{
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);
	char line[VGA_WIDTH + 1];

	(void)state;
	memset(line, 'a', VGA_WIDTH);
	line[VGA_WIDTH] = '\0';
	vga_write_string(&s->w, line);
	/* 80 characters fill the bottom row exactly: nothing has moved yet. */
	assert_string_equal(row_text(s, 24), line);
	assert_string_equal(row_text(s, 23), "");
	assert_int_equal(s->w.column, VGA_WIDTH);
	/* The 81st character goes to a fresh row. */
	vga_write_char(&s->w, 'b');
	assert_string_equal(row_text(s, 23), line);
	assert_string_equal(row_text(s, 24), "b");
	assert_int_equal(s->w.column, 1);
	free_screen(s);
}

static void full_row_then_newline_uses_one_row(void **state)
{
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);
	char line[VGA_WIDTH + 2];

	(void)state;
	memset(line, 'x', VGA_WIDTH);
	line[VGA_WIDTH] = '\n';
	line[VGA_WIDTH + 1] = '\0';
	vga_write_string(&s->w, line);
	vga_write_string(&s->w, "next");
	assert_string_equal(row_text(s, 22), "");
	assert_int_equal(char_at(s, 23, 0), 'x');
	assert_int_equal(char_at(s, 23, 79), 'x');
	assert_string_equal(row_text(s, 24), "next");
	free_screen(s);
}

static void scrolls_after_25_lines(void **state)
{
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);
	char expected[32];

	(void)state;
	for (int i = 1; i <= 40; i++) {
		char line[32];

		snprintf(line, sizeof(line), "line %d\n", i);
		vga_write_string(&s->w, line);
	}
	/* Line 40 ended with a newline, so it sits on row 23, and line 40 - k on
	   row 23 - k; lines 1-16 scrolled off the top. */
	for (int row = 0; row < 24; row++) {
		snprintf(expected, sizeof(expected), "line %d", 17 + row);
		assert_string_equal(row_text(s, (size_t)row), expected);
	}
	assert_string_equal(row_text(s, 24), "");
	free_screen(s);
}

static void colours_move_with_their_text(void **state)
{
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);

	(void)state;
	vga_set_color(&s->w, VGA_LIGHT_RED, VGA_BLACK);
	vga_write_string(&s->w, "red");
	vga_set_color(&s->w, VGA_YELLOW, VGA_BLUE);
	vga_write_string(&s->w, "yellow\n");
	assert_int_equal(attr_at(s, 23, 0), 0x0c);
	assert_int_equal(attr_at(s, 23, 2), 0x0c);
	assert_int_equal(attr_at(s, 23, 3), 0x1e);
	assert_int_equal(attr_at(s, 23, 8), 0x1e);
	/* Blanks after the text keep the colour they were cleared with. */
	assert_int_equal(attr_at(s, 23, 9), GREY_ON_BLACK);
	/* The new bottom row is blanked in the current colours. */
	assert_int_equal(vga_read_cell(&s->w, 24, 0), ' ' | 0x1e << 8);
	free_screen(s);
}

static void non_printable_bytes_become_a_square(void **state)
{
	static const char bytes[] = { 0x01, 0x1f, 0x7f, (char)0x80, (char)0xfe, (char)0xff,
				      0x1b, '\r', ' ', '~' };
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);

	(void)state;
	vga_write(&s->w, bytes, sizeof(bytes));
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(char_at(s, 24, i), VGA_REPLACEMENT_CHAR);
	assert_int_equal(char_at(s, 24, 8), ' ');
	assert_int_equal(char_at(s, 24, 9), '~');
	assert_int_equal(s->w.column, sizeof(bytes));
	free_screen(s);
}

static void read_cell_outside_returns_zero(void **state)
{
	struct screen *s = new_screen(VGA_WIDTH, VGA_HEIGHT);

	(void)state;
	assert_int_equal(vga_read_cell(&s->w, VGA_HEIGHT, 0), 0);
	assert_int_equal(vga_read_cell(&s->w, 0, VGA_WIDTH), 0);
	assert_int_equal(vga_read_cell(&s->w, SIZE_MAX, SIZE_MAX), 0);
	free_screen(s);
}

static void stays_inside_a_small_buffer(void **state)
{
	struct screen *s = new_screen(4, 3);

	(void)state;
	for (int i = 0; i < 1000; i++)
		vga_write_char(&s->w, (char)i);
	vga_write_string(&s->w, "\nabcdefg\n\n\nhi");
	assert_string_equal(row_text(s, 2), "hi");
	assert_string_equal(row_text(s, 0), "");
	/* A column past the end (the fields are public) is treated as a full row. */
	s->w.column = 1000;
	vga_write_char(&s->w, 'z');
	assert_string_equal(row_text(s, 1), "hi");
	assert_string_equal(row_text(s, 2), "z");
	free_screen(s);
}

static void one_row_screen(void **state)
{
	struct screen *s = new_screen(3, 1);

	(void)state;
	vga_write_string(&s->w, "abcd");
	assert_string_equal(row_text(s, 0), "d");
	vga_write_string(&s->w, "\n");
	assert_string_equal(row_text(s, 0), "");
	free_screen(s);
}

static void init_rejects_an_empty_buffer(void **state)
{
	struct vga_writer w;
	uint16_t cell;

	(void)state;
	expect_assert_failure(vga_writer_init(&w, NULL, VGA_WIDTH, VGA_HEIGHT));
	expect_assert_failure(vga_writer_init(&w, &cell, 0, VGA_HEIGHT));
	expect_assert_failure(vga_writer_init(&w, &cell, VGA_WIDTH, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(attribute_packs_foreground_and_background),
		cmocka_unit_test(clear_fills_with_blanks),
		cmocka_unit_test(writes_on_the_bottom_row),
		cmocka_unit_test(newline_moves_rows_up),
		cmocka_unit_test(wraps_at_column_80),
		cmocka_unit_test(full_row_then_newline_uses_one_row),
		cmocka_unit_test(scrolls_after_25_lines),
		cmocka_unit_test(colours_move_with_their_text),
		cmocka_unit_test(non_printable_bytes_become_a_square),
		cmocka_unit_test(read_cell_outside_returns_zero),
		cmocka_unit_test(stays_inside_a_small_buffer),
		cmocka_unit_test(one_row_screen),
		cmocka_unit_test(init_rejects_an_empty_buffer),
	};
	return cmocka_run_group_tests_name("vga", tests, NULL, NULL);
}
