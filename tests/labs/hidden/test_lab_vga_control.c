/*
 * Lab 3.1's hidden variant (instructor-only: tools/handout.py leaves it
 * out). The same rules as tests/host/test_lab_vga_control.c on a writer of
 * another size (37 columns, 6 rows) in other colours, with other strings:
 * a vga_write_char() written for the public cases alone (80 columns, grey)
 * fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "panic.h"
#include "vga.h"

#define WIDTH  37
#define HEIGHT 6
#define BOTTOM (HEIGHT - 1)

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
	vga_set_color(&writer, VGA_GREEN, VGA_BLUE);
	vga_clear(&writer);
	return 0;
}

static uint8_t char_at(size_t row, size_t column)
{
	return (uint8_t)(vga_read_cell(&writer, row, column) & 0xff);
}

static void backspace_twice_in_another_colour(void **state)
{
	uint16_t blank;

	(void)state;
	vga_write_string(&writer, "hidden");
	vga_set_color(&writer, VGA_YELLOW, VGA_RED);
	vga_write_string(&writer, "\b\b");
	blank = (uint16_t)(' ' | vga_attribute(VGA_YELLOW, VGA_RED) << 8);
	assert_int_equal(writer.column, 4);
	assert_int_equal(vga_read_cell(&writer, BOTTOM, 4), blank);
	assert_int_equal(vga_read_cell(&writer, BOTTOM, 5), blank);
	assert_int_equal(char_at(BOTTOM, 3), 'd');
}

static void backspace_at_column_0_of_a_new_row(void **state)
{
	(void)state;
	vga_write_string(&writer, "row\n\b\bq");
	assert_int_equal(char_at(BOTTOM, 0), 'q');
	assert_int_equal(char_at(BOTTOM - 1, 2), 'w');
	assert_int_equal(writer.column, 1);
}

static void tabs_from_odd_columns(void **state)
{
	(void)state;
	vga_write_string(&writer, "abc\t1\t2");
	assert_int_equal(char_at(BOTTOM, 8), '1');
	assert_int_equal(char_at(BOTTOM, 16), '2');
	for (size_t column = 3; column < 8; column++)
		assert_int_equal(char_at(BOTTOM, column), ' ');
	assert_int_equal(writer.column, 17);
}

static void tab_near_the_end_of_a_narrow_row(void **state)
{
	(void)state;
	for (int i = 0; i < 34; i++)		/* columns 0-33; the next stop, 40, is past 37 */
		vga_write_char(&writer, '+');
	vga_write_char(&writer, '\t');
	assert_int_equal(writer.column, WIDTH);
	assert_int_equal(char_at(BOTTOM, WIDTH - 1), ' ');
	vga_write_char(&writer, 'z');
	assert_int_equal(char_at(BOTTOM, 0), 'z');
	assert_int_equal(char_at(BOTTOM - 1, 33), '+');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(backspace_twice_in_another_colour, setup),
		cmocka_unit_test_setup(backspace_at_column_0_of_a_new_row, setup),
		cmocka_unit_test_setup(tabs_from_odd_columns, setup),
		cmocka_unit_test_setup(tab_near_the_end_of_a_narrow_row, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
