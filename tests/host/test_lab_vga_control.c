/*
 * Lab 3.1's grader: vga_write_char() handles backspace and tab
 * (lessons/03-vga-text/vga.c), on an ordinary 80x25 array as in
 * test_vga.c. Backspace moves one column left and blanks that cell, but
 * never past column 0; a tab writes blanks up to the next multiple of 8 and
 * stops at the end of the row.
 *
 * The writer's size and colours are macros, so that the instructor's hidden
 * variant (tests/labs/hidden/) can define others and include this file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "panic.h"
#include "vga.h"

#ifndef WIDTH
#define WIDTH	 VGA_WIDTH
#define HEIGHT	 VGA_HEIGHT
#define START_FG VGA_LIGHT_GREY /* the writer's colours from the start */
#define START_BG VGA_BLACK
#define LATER_FG VGA_RED	/* and after vga_set_color() */
#define LATER_BG VGA_BLACK
#endif
#define START_COLOUR (START_BG << 4 | START_FG)
#define LATER_COLOUR (LATER_BG << 4 | LATER_FG)
#define BOTTOM	     (HEIGHT - 1)

/* A panic in vga.c fails the test. */
noreturn void panic(const char *message)
{
	mock_assert(0, message, __FILE__, __LINE__);
	abort();
}

static uint16_t cells[WIDTH * HEIGHT];
static struct vga_writer writer;

static int setup(void **state)
{
	(void)state;
	vga_writer_init(&writer, cells, WIDTH, HEIGHT);
	vga_set_color(&writer, START_FG, START_BG);
	vga_clear(&writer);
	return 0;
}

static uint8_t char_at(size_t row, size_t column)
{
	return (uint8_t)(vga_read_cell(&writer, row, column) & 0xff);
}

static void backspace_moves_back_and_blanks(void **state)
{
	(void)state;
	vga_write_string(&writer, "abc\b");
	assert_int_equal(writer.column, 2);
	assert_int_equal(char_at(BOTTOM, 0), 'a');
	assert_int_equal(char_at(BOTTOM, 1), 'b');
	assert_int_equal(char_at(BOTTOM, 2), ' ');
	vga_write_string(&writer, "d");
	assert_int_equal(char_at(BOTTOM, 2), 'd');
	assert_int_equal(writer.column, 3);
}

static void backspace_blanks_in_the_current_colour(void **state)
{
	(void)state;
	vga_write_string(&writer, "xy");
	vga_set_color(&writer, LATER_FG, LATER_BG);
	vga_write_char(&writer, '\b');
	assert_int_equal(vga_read_cell(&writer, BOTTOM, 1), ' ' | LATER_COLOUR << 8);
	assert_int_equal(vga_read_cell(&writer, BOTTOM, 0), 'x' | START_COLOUR << 8);
}

static void backspace_stops_at_column_0(void **state)
{
	(void)state;
	vga_write_string(&writer, "a\b\b\b");
	assert_int_equal(writer.column, 0);
	assert_int_equal(char_at(BOTTOM, 0), ' ');
	/* It does not go back to the row above. */
	vga_write_string(&writer, "above\n\b");
	assert_int_equal(writer.column, 0);
	assert_int_equal(char_at(BOTTOM - 1, 4), 'e');
}

static void tab_moves_to_the_next_multiple_of_8(void **state)
{
	(void)state;
	vga_write_string(&writer, "\tx");
	assert_int_equal(char_at(BOTTOM, 8), 'x');
	vga_write_string(&writer, "\ty");
	assert_int_equal(char_at(BOTTOM, 16), 'y');
	vga_write_string(&writer, "1234567\tz");	/* column 17 + 7 = 24: next stop 32 */
	assert_int_equal(char_at(BOTTOM, 32), 'z');
	for (size_t column = 0; column < 8; column++)
		assert_int_equal(char_at(BOTTOM, column), ' ');
}

static void tab_on_a_stop_moves_a_whole_stop(void **state)
{
	(void)state;
	vga_write_string(&writer, "12345678\t!");
	assert_int_equal(char_at(BOTTOM, 16), '!');
	assert_int_equal(writer.column, 17);
}

static void tab_stops_at_the_end_of_the_row(void **state)
{
	(void)state;
	for (int i = 0; i < WIDTH - 3; i++)
		vga_write_char(&writer, '-');
	vga_write_char(&writer, '\t');
	assert_int_equal(writer.column, WIDTH);
	assert_int_equal(char_at(BOTTOM, WIDTH - 1), ' ');
	/* The next character starts a new row, as after any full row. */
	vga_write_char(&writer, 'n');
	assert_int_equal(char_at(BOTTOM, 0), 'n');
	assert_int_equal(char_at(BOTTOM - 1, WIDTH - 4), '-');
}

static void tab_on_a_full_row_starts_a_new_one(void **state)
{
	(void)state;
	for (int i = 0; i < WIDTH; i++)
		vga_write_char(&writer, '=');
	vga_write_string(&writer, "\tt");
	assert_int_equal(char_at(BOTTOM - 1, WIDTH - 1), '=');
	assert_int_equal(char_at(BOTTOM, 8), 't');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(backspace_moves_back_and_blanks, setup),
		cmocka_unit_test_setup(backspace_blanks_in_the_current_colour, setup),
		cmocka_unit_test_setup(backspace_stops_at_column_0, setup),
		cmocka_unit_test_setup(tab_moves_to_the_next_multiple_of_8, setup),
		cmocka_unit_test_setup(tab_on_a_stop_moves_a_whole_stop, setup),
		cmocka_unit_test_setup(tab_stops_at_the_end_of_the_row, setup),
		cmocka_unit_test_setup(tab_on_a_full_row_starts_a_new_one, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
