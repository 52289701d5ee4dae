/*
 * The VGA text writer. Every access to the buffer goes through cell_index(),
 * which refuses any row or column outside it, so no sequence of calls can
 * write past the 80x25 cells into whatever memory follows them.
 *
 * Pure code apart from the buffer it is given: tests/host/test_vga.c runs it
 * on an ordinary array.
 */
#include <stdbool.h>
#include "panic.h"
#include "vga.h"

#define ATTRIBUTE_FOREGROUND_MASK 0x0f	/* bits 0-3 of the attribute byte */
#define ATTRIBUTE_BACKGROUND_MASK 0x07	/* bits 4-6; bit 7 is blink */
#define ATTRIBUTE_BACKGROUND_SHIFT 4
#define CELL_ATTRIBUTE_SHIFT 8		/* the attribute is the cell's high byte */
#define PRINTABLE_FIRST 0x20		/* ' ' */
#define PRINTABLE_LAST 0x7e		/* '~' */

_Static_assert(sizeof(uint16_t) == 2, "a VGA cell is two bytes: character, attribute");

//! [attribute]
uint8_t vga_attribute(enum vga_color foreground, enum vga_color background)
{
	return (uint8_t)((foreground & ATTRIBUTE_FOREGROUND_MASK) |
			 (background & ATTRIBUTE_BACKGROUND_MASK) << ATTRIBUTE_BACKGROUND_SHIFT);
}

uint16_t vga_cell(uint8_t character, uint8_t attribute)
{
	return (uint16_t)(character | attribute << CELL_ATTRIBUTE_SHIFT);
}
//! [attribute]

//! [bounds]
/* The one place that turns a position into an index: out of range is a bug. */
static size_t cell_index(const struct vga_writer *w, size_t row, size_t column)
{
	if (row >= w->height || column >= w->width)
		panic("vga: cell position outside the buffer");
	return row * w->width + column;
}

static void put_cell(struct vga_writer *w, size_t row, size_t column, uint16_t cell)
{
	w->buffer[cell_index(w, row, column)] = cell;	/* a volatile store */
}
//! [bounds]

void vga_writer_init(struct vga_writer *w, volatile uint16_t *buffer, size_t width, size_t height)
{
	if (buffer == NULL || width == 0 || height == 0)
		panic("vga_writer_init: no buffer, or a buffer with no cells");
	w->buffer = buffer;
	w->width = width;
	w->height = height;
	w->column = 0;
	w->attribute = vga_attribute(VGA_LIGHT_GREY, VGA_BLACK);
}

void vga_set_color(struct vga_writer *w, enum vga_color fg, enum vga_color bg)
{
	w->attribute = vga_attribute(fg, bg);
}

static void clear_row(struct vga_writer *w, size_t row)
{
	uint16_t blank = vga_cell(' ', w->attribute);

	for (size_t column = 0; column < w->width; column++)
		put_cell(w, row, column, blank);
}

void vga_clear(struct vga_writer *w)
{
	for (size_t row = 0; row < w->height; row++)
		clear_row(w, row);
	w->column = 0;
}

//! [new line]
/* Moves every row up by one (the top row is lost) and blanks the bottom row. */
static void new_line(struct vga_writer *w)
{
	for (size_t row = 1; row < w->height; row++) {
		for (size_t column = 0; column < w->width; column++)
			put_cell(w, row - 1, column, vga_read_cell(w, row, column));
	}
	clear_row(w, w->height - 1);
	w->column = 0;
}
//! [new line]

/*
 * Backspace and tab (lab 3.1). '\b' moves one column left, unless the
 * column is 0, and blanks that cell; '\t' writes blanks up to the next
 * column that is a multiple of VGA_TAB_WIDTH, never past the row's end
 * (a tab on a full row first starts a new one, like any character).
 * Returns true if c was one of them and has been handled.
 */
static bool control_char(struct vga_writer *w, char c)
{
	// LAB 3.1 BEGIN: backspace and tab
	if (c == '\b') {
		if (w->column > 0) {
			w->column--;
			put_cell(w, w->height - 1, w->column, vga_cell(' ', w->attribute));
		}
		return true;
	}
	if (c == '\t') {
		if (w->column >= w->width)
			new_line(w);
		do {
			put_cell(w, w->height - 1, w->column, vga_cell(' ', w->attribute));
			w->column++;
		} while (w->column % VGA_TAB_WIDTH != 0 && w->column < w->width);
		return true;
	}
	return false;
	// LAB 3.1 STUB
	// (void)w;
	// (void)c;
	// return false; /* lab 3.1: '\b' and '\t' still print as the square */
	// LAB 3.1 END
}

//! [write char]
static bool is_printable(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= PRINTABLE_FIRST && u <= PRINTABLE_LAST;
}

void vga_write_char(struct vga_writer *w, char c)
{
	if (c == '\n') {
		new_line(w);
		return;
	}
	if (control_char(w, c))
		return;
	if (w->column >= w->width)
		new_line(w);	/* the row is full: continue on a fresh one */
	put_cell(w, w->height - 1, w->column,
		 vga_cell(is_printable(c) ? (uint8_t)c : VGA_REPLACEMENT_CHAR, w->attribute));
	w->column++;
}
//! [write char]

void vga_write(struct vga_writer *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_write_char(w, s[i]);
}

void vga_write_string(struct vga_writer *w, const char *s)
{
	while (*s)
		vga_write_char(w, *s++);
}

uint16_t vga_read_cell(const struct vga_writer *w, size_t row, size_t column)
{
	if (row >= w->height || column >= w->width)
		return 0;
	return w->buffer[row * w->width + column];	/* a volatile load */
}
