/*
 * In-kernel tests of lesson 03's console, the ones the Rust series has:
 * printing works, printing a lot does not fault, and a printed line lands in
 * the row above the bottom of the real VGA buffer.
 *
 * They live in lesson 04 because KTEST arrives here; every later lesson
 * lists this file in its build and so runs them again.
 */
#include <stddef.h>
#include "console.h"
#include "ktest.h"
#include "vga.h"

#define MANY_LINES 200	/* eight screens full: scrolling must hold up */

//! [print tests]
KTEST(console_prints_one_line)
{
	kprintf("console_prints_one_line output\n");
}

KTEST(console_prints_200_lines)
{
	for (int i = 0; i < MANY_LINES; i++)
		kprintf("console_prints_200_lines output %d\n", i);
}
//! [print tests]

//! [read back]
static void print_and_read_back(struct vga_writer *w, void *context)
{
	const char *line = context;

	/* Start on a fresh row; after the final newline the line sits just
	   above the (new, empty) bottom row. */
	vga_write_char(w, '\n');
	vga_write_string(w, line);
	vga_write_char(w, '\n');
	for (size_t i = 0; line[i] != '\0'; i++) {
		uint16_t cell = vga_read_cell(w, w->height - 2, i);

		ASSERT_EQ(cell & 0xff, (unsigned char)line[i]);
		ASSERT_EQ(cell >> 8, w->attribute);
	}
}

KTEST(console_line_lands_above_the_bottom_row)
{
	static char line[] = "Some test string that fits on a single line";

	/* Under the lock, so that nothing can print between writing and reading. */
	console_run_locked(print_and_read_back, line);
}
//! [read back]

KTEST(console_writes_the_real_screen)
{
	const struct vga_writer *w = console_vga();

	ASSERT_EQ((uintptr_t)w->buffer, VGA_TEXT_BUFFER);
	ASSERT_EQ(w->width, VGA_WIDTH);
	ASSERT_EQ(w->height, VGA_HEIGHT);
}
