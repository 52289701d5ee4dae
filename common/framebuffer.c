/*
 * Pixels for text cells: the VGA palette turned into pixel values, and a
 * glyph drawn row by row. Nothing here knows where the framebuffer came
 * from; common/text_screen.c finds it and decides what to draw.
 */
#include <stddef.h>
#include "font.h"
#include "framebuffer.h"

#define CELL_ATTRIBUTE_SHIFT 8
#define ATTRIBUTE_FOREGROUND_MASK 0x0f
#define ATTRIBUTE_BACKGROUND_SHIFT 4
#define ATTRIBUTE_BACKGROUND_MASK 0x07	/* bit 7 is blink, not colour */
#define COLOR_LEVELS 8			/* the palette below gives 8-bit levels */

//! [palette]
/* The VGA text palette as 0xRRGGBB: colours 0-7 and their bright twins. */
static const uint32_t vga_rgb[16] = {
	0x000000, 0x0000aa, 0x00aa00, 0x00aaaa, 0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
	0x555555, 0x5555ff, 0x55ff55, 0x55ffff, 0xff5555, 0xff55ff, 0xffff55, 0xffffff,
};

/* One 8-bit level, cut to `bits` bits and moved to `shift`. */
static uint32_t channel(uint32_t level, uint8_t bits, uint8_t shift)
{
	return (level >> (COLOR_LEVELS - bits)) << shift;
}
//! [palette]

/*
 * The colour fields come from the boot loader. A field wider than the
 * palette's 8 bits, or one that reaches past the pixel, cannot be drawn:
 * and channel() would shift by 32 or more, which C leaves undefined.
 */
static bool field_fits(uint8_t shift, uint8_t bits, uint32_t bits_per_pixel)
{
	return bits <= COLOR_LEVELS && (uint32_t)shift + bits <= bits_per_pixel;
}

bool framebuffer_init(struct framebuffer *fb, volatile uint8_t *base, uint32_t width,
		      uint32_t height, uint32_t pitch, uint32_t bits_per_pixel,
		      const struct framebuffer_format *format, uint32_t columns, uint32_t rows)
{
	uint32_t text_width = columns * FONT_WIDTH;
	uint32_t text_height = rows * FONT_HEIGHT;

	if (bits_per_pixel != 16 && bits_per_pixel != 24 && bits_per_pixel != 32)
		return false;
	if (!field_fits(format->red_shift, format->red_bits, bits_per_pixel) ||
	    !field_fits(format->green_shift, format->green_bits, bits_per_pixel) ||
	    !field_fits(format->blue_shift, format->blue_bits, bits_per_pixel))
		return false;
	if (base == NULL || width < text_width || height < text_height ||
	    pitch < width * (bits_per_pixel / 8))
		return false;
	fb->base = base;
	fb->width = width;
	fb->height = height;
	fb->pitch = pitch;
	fb->bytes_per_pixel = (uint8_t)(bits_per_pixel / 8);
	for (int i = 0; i < 16; i++) {
		uint32_t rgb = vga_rgb[i];

		fb->palette[i] = channel(rgb >> 16 & 0xff, format->red_bits, format->red_shift) |
				 channel(rgb >> 8 & 0xff, format->green_bits, format->green_shift) |
				 channel(rgb & 0xff, format->blue_bits, format->blue_shift);
	}
	/* The largest whole scale that fits, and the text area in the middle. */
	fb->scale = width / text_width < height / text_height ? width / text_width
							       : height / text_height;
	fb->left = (width - text_width * fb->scale) / 2;
	fb->top = (height - text_height * fb->scale) / 2;
	return true;
}

//! [put pixel]
/* Stores one pixel: 2, 3 or 4 bytes, lowest byte first (little endian). */
static void put_pixel(const struct framebuffer *fb, uint32_t x, uint32_t y, uint32_t value)
{
	volatile uint8_t *pixel = fb->base + (size_t)y * fb->pitch + (size_t)x * fb->bytes_per_pixel;

	switch (fb->bytes_per_pixel) {
	case 4:
		*(volatile uint32_t *)pixel = value;
		break;
	case 3:
		pixel[0] = (uint8_t)value;
		pixel[1] = (uint8_t)(value >> 8);
		pixel[2] = (uint8_t)(value >> 16);
		break;
	default:
		*(volatile uint16_t *)pixel = (uint16_t)value;
		break;
	}
}
//! [put pixel]

void framebuffer_clear(const struct framebuffer *fb, uint8_t color)
{
	uint32_t value = fb->palette[color & ATTRIBUTE_FOREGROUND_MASK];

	for (uint32_t y = 0; y < fb->height; y++) {
		for (uint32_t x = 0; x < fb->width; x++)
			put_pixel(fb, x, y, value);
	}
}

//! [draw cell]
void framebuffer_draw_cell(const struct framebuffer *fb, uint32_t row, uint32_t column,
			   uint16_t cell)
{
	const uint8_t *glyph = font_glyphs[cell & 0xff];
	uint8_t attribute = (uint8_t)(cell >> CELL_ATTRIBUTE_SHIFT);
	uint32_t foreground = fb->palette[attribute & ATTRIBUTE_FOREGROUND_MASK];
	uint32_t background =
		fb->palette[attribute >> ATTRIBUTE_BACKGROUND_SHIFT & ATTRIBUTE_BACKGROUND_MASK];
	uint32_t left = fb->left + column * FONT_WIDTH * fb->scale;
	uint32_t top = fb->top + row * FONT_HEIGHT * fb->scale;

	/* Glyph row by glyph row; bit 7 of a row's byte is its leftmost pixel. */
	for (uint32_t y = 0; y < FONT_HEIGHT * fb->scale; y++) {
		uint8_t bits = glyph[y / fb->scale];

		for (uint32_t x = 0; x < FONT_WIDTH * fb->scale; x++) {
			bool lit = bits & (0x80 >> (x / fb->scale));

			put_pixel(fb, left + x, top + y, lit ? foreground : background);
		}
	}
}
//! [draw cell]
