/**
 * @file
 * A writer for the VGA text screen: 80 columns by 25 rows of character
 * cells that the graphics card draws from memory at physical 0xb8000.
 *
 * The writer behaves like a simple terminal that always writes on the
 * bottom row: text goes left to right, and a newline (or a full row) moves
 * every row up by one and starts a blank bottom row. The buffer address and
 * its size are parameters, so the same code writes to the real screen in the
 * kernel and to an ordinary array in the host unit tests.
 */
#ifndef VGA_H
#define VGA_H

#include <stddef.h>
#include <stdint.h>

/** Physical address of the text buffer in VGA colour text mode. */
#define VGA_TEXT_BUFFER 0xb8000
/** Columns of the standard text mode. */
#define VGA_WIDTH 80
/** Rows of the standard text mode. */
#define VGA_HEIGHT 25

// [colors]
/**
 * The 16 colours of the text mode palette. Values 0-7 are the dark colours;
 * setting bit 3 gives the bright variant of each (VGA_BLUE | 8 is
 * VGA_LIGHT_BLUE). Only 0-7 can be backgrounds: bit 3 of the background
 * nibble is the blink bit.
 */
enum vga_color {
	VGA_BLACK = 0,
	VGA_BLUE = 1,
	VGA_GREEN = 2,
	VGA_CYAN = 3,
	VGA_RED = 4,
	VGA_MAGENTA = 5,
	VGA_BROWN = 6,
	VGA_LIGHT_GREY = 7,
	VGA_DARK_GREY = 8,
	VGA_LIGHT_BLUE = 9,
	VGA_LIGHT_GREEN = 10,
	VGA_LIGHT_CYAN = 11,
	VGA_LIGHT_RED = 12,
	VGA_PINK = 13,
	VGA_YELLOW = 14,
	VGA_WHITE = 15,
};
// [colors]

/** Number of colours in enum vga_color. */
#define VGA_COLOR_COUNT 16

/** A tab moves to the next column that is a multiple of this. */
#define VGA_TAB_WIDTH 8

/** The character shown for bytes outside printable ASCII: code page 437's ■. */
#define VGA_REPLACEMENT_CHAR 0xfe

/**
 * A writer over one text buffer. All fields are set by vga_writer_init() and
 * changed only through the vga_ functions.
 */
struct vga_writer {
	volatile uint16_t *buffer; /**< the cells, row by row; volatile: the card reads them */
	size_t width;		   /**< cells per row */
	size_t height;		   /**< rows */
	size_t column;		   /**< where the next character goes on the bottom row */
	uint8_t attribute;	   /**< colours of the next characters, from vga_attribute() */
};

/**
 * Builds the attribute byte of a cell: foreground in bits 0-3, background in
 * bits 4-6. The background's bit 3 would land on bit 7, the blink bit, so
 * only the dark colours 0-7 are used as backgrounds.
 * @param foreground any of the 16 colours
 * @param background one of the colours 0-7 (bit 3 is ignored)
 * @return the attribute byte
 */
uint8_t vga_attribute(enum vga_color foreground, enum vga_color background);

/**
 * Builds a whole cell from a character and an attribute.
 * @param character the code page 437 character
 * @param attribute colours from vga_attribute()
 * @return the 16-bit cell: character in the low byte, attribute in the high byte
 */
uint16_t vga_cell(uint8_t character, uint8_t attribute);

/**
 * Sets up a writer over a buffer, light grey on black, column 0. The buffer
 * is not cleared (call vga_clear() for that).
 * @param w the writer
 * @param buffer width * height cells; panics if NULL
 * @param width cells per row; panics if 0
 * @param height rows; panics if 0
 */
void vga_writer_init(struct vga_writer *w, volatile uint16_t *buffer, size_t width, size_t height);

/**
 * Chooses the colours of the characters written from now on.
 * @param w the writer
 * @param fg foreground colour
 * @param bg background colour (0-7)
 */
void vga_set_color(struct vga_writer *w, enum vga_color fg, enum vga_color bg);

/**
 * Fills the whole buffer with blanks in the current colours and moves to the
 * start of the bottom row.
 * @param w the writer
 */
void vga_clear(struct vga_writer *w);

/**
 * Writes one byte at the current position of the bottom row. A newline
 * (byte 10) starts a new line; a backspace ('\\b') moves one column left,
 * unless at column 0, and blanks that cell; a tab ('\\t') writes blanks up
 * to the next multiple of VGA_TAB_WIDTH (at least one), at most to the
 * row's end, where it leaves the row full like its last character; any other
 * byte outside printable ASCII (0x20-0x7e) appears as VGA_REPLACEMENT_CHAR.
 * When the row is full, the writer first moves to a new line, so a line of
 * exactly width characters followed by a newline uses one row.
 * @param w the writer
 * @param c the byte
 */
void vga_write_char(struct vga_writer *w, char c);

/**
 * Writes n bytes, as vga_write_char() does.
 * @param w the writer
 * @param s the bytes
 * @param n how many
 */
void vga_write(struct vga_writer *w, const char *s, size_t n);

/**
 * Writes a NUL-terminated string, as vga_write_char() does.
 * @param w the writer
 * @param s the string
 */
void vga_write_string(struct vga_writer *w, const char *s);

/**
 * Reads one cell back, for tests.
 * @param w the writer
 * @param row 0 (top) to height - 1 (bottom)
 * @param column 0 to width - 1
 * @return the cell (character | attribute << 8), or 0 if row or column is
 *         outside the buffer (the writer never writes 0: blanks are spaces)
 */
uint16_t vga_read_cell(const struct vga_writer *w, size_t row, size_t column);

#endif
