/**
 * @file
 * Drawing text cells into a linear framebuffer: the picture the firmware
 * shows is a block of memory, row after row of pixels, and a character is
 * drawn by colouring the pixels of its glyph.
 *
 * A row of pixels takes `pitch` bytes (at least width * bytes per pixel;
 * cards may pad rows). A pixel's colour is its red, green and blue levels,
 * each shifted to the bit position the framebuffer says (the colour masks
 * of the Multiboot2 framebuffer tag). Pure code over the memory it is given:
 * the host unit tests draw into an ordinary array.
 */
#ifndef FRAMEBUFFER_H
#define FRAMEBUFFER_H

#include <stdbool.h>
#include <stdint.h>

/** Where each colour's bits sit in a pixel. */
struct framebuffer_format {
	uint8_t red_shift;	/**< bit position of red's lowest bit */
	uint8_t red_bits;	/**< how many bits of red */
	uint8_t green_shift;	/**< bit position of green's lowest bit */
	uint8_t green_bits;	/**< how many bits of green */
	uint8_t blue_shift;	/**< bit position of blue's lowest bit */
	uint8_t blue_bits;	/**< how many bits of blue */
};

/** A linear framebuffer and the text area drawn into it. */
struct framebuffer {
	volatile uint8_t *base;	/**< the first pixel (top left) */
	uint32_t width;		/**< pixels per row */
	uint32_t height;	/**< rows of pixels */
	uint32_t pitch;		/**< bytes from one row to the next */
	uint8_t bytes_per_pixel; /**< 2, 3 or 4 */
	uint32_t palette[16];	/**< the 16 text colours as pixel values */
	uint32_t scale;		/**< each font pixel is drawn scale x scale pixels */
	uint32_t left;		/**< x of the text area's left edge, to centre it */
	uint32_t top;		/**< y of the text area's top edge */
};

/**
 * Sets up a framebuffer for a text area of columns x rows character cells:
 * computes the palette's pixel values, the largest whole scale at which the
 * area fits, and the offsets that centre it.
 * @param fb the framebuffer to fill in
 * @param base the first pixel
 * @param width pixels per row
 * @param height rows of pixels
 * @param pitch bytes per row
 * @param bits_per_pixel 16, 24 or 32
 * @param format where red, green and blue are in a pixel
 * @param columns character cells per text row
 * @param rows text rows
 * @return false (and fb unusable) if the pixel size is not supported, a
 *         colour field is wider than 8 bits or reaches past the pixel, or the
 *         text area does not fit
 */
bool framebuffer_init(struct framebuffer *fb, volatile uint8_t *base, uint32_t width,
		      uint32_t height, uint32_t pitch, uint32_t bits_per_pixel,
		      const struct framebuffer_format *format, uint32_t columns, uint32_t rows);

/**
 * Colours every pixel of the framebuffer with one text colour.
 * @param fb the framebuffer
 * @param color 0-15, an index into the VGA palette
 */
void framebuffer_clear(const struct framebuffer *fb, uint8_t color);

/**
 * Draws one VGA text cell: the glyph of its character in its foreground
 * colour over its background colour (bits 4-6 of the attribute; the blink
 * bit 7 is ignored).
 * @param fb the framebuffer
 * @param row text row, 0 at the top
 * @param column text column, 0 at the left
 * @param cell character in the low byte, attribute in the high byte
 */
void framebuffer_draw_cell(const struct framebuffer *fb, uint32_t row, uint32_t column,
			   uint16_t cell);

#endif
