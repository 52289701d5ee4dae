/*
 * Host tests of common/framebuffer.c: text cells drawn into an ordinary
 * array laid out like a framebuffer. Each array is allocated to its exact
 * size, so AddressSanitizer catches any pixel written outside it, and rows
 * are padded (pitch > width * bytes per pixel) with bytes that must not
 * change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "font.h"
#include "framebuffer.h"

#define PAD 0x5a		/* what the padding bytes at each row's end hold */
#define WHITE_ON_BLUE 0x1f

static const struct framebuffer_format bgr888 = { 16, 8, 8, 8, 0, 8 };
static const struct framebuffer_format rgb565 = { 11, 5, 5, 6, 0, 5 };

static uint8_t *new_pixels(uint32_t pitch, uint32_t height)
{
	uint8_t *p = malloc((size_t)pitch * height);

	assert_non_null(p);
	memset(p, PAD, (size_t)pitch * height);
	return p;
}

static uint32_t pixel24(const uint8_t *p, uint32_t pitch, uint32_t x, uint32_t y)
{
	const uint8_t *q = p + (size_t)y * pitch + (size_t)x * 3;

	return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16;
}

/* 'A' (0x41), white on blue, in the top-left cell of a 24-bit framebuffer
   whose rows are padded: each glyph bit becomes one pixel of the right
   colour, and the padding stays untouched. */
static void draws_a_glyph_with_its_colours(void **state)
{
	uint32_t width = 640, height = 400, pitch = 640 * 3 + 16;
	uint8_t *p = new_pixels(pitch, height);
	struct framebuffer fb;

	(void)state;
	assert_true(framebuffer_init(&fb, p, width, height, pitch, 24, &bgr888, 80, 25));
	assert_int_equal(fb.scale, 1);
	framebuffer_draw_cell(&fb, 0, 0, 'A' | WHITE_ON_BLUE << 8);
	for (uint32_t y = 0; y < FONT_HEIGHT; y++) {
		for (uint32_t x = 0; x < FONT_WIDTH; x++) {
			int lit = font_glyphs['A'][y] & (0x80 >> x);

			assert_int_equal(pixel24(p, pitch, x, y), lit ? 0xffffff : 0x0000aa);
		}
	}
	for (uint32_t y = 0; y < height; y++)
		assert_int_equal(p[(size_t)y * pitch + width * 3], PAD);
	free(p);
}

/* The last cell (row 24, column 79) ends exactly at the text area's end. */
static void last_cell_stays_inside(void **state)
{
	uint32_t pitch = 640 * 3;
	uint8_t *p = new_pixels(pitch, 400);
	struct framebuffer fb;

	(void)state;
	assert_true(framebuffer_init(&fb, p, 640, 400, pitch, 24, &bgr888, 80, 25));
	framebuffer_draw_cell(&fb, 24, 79, 0xdb | 0x0e << 8);	/* a full block, yellow */
	assert_int_equal(pixel24(p, pitch, 639, 399), 0xffff55);
	free(p);
}

/* The colour fields decide where each channel goes: 5-6-5 in 16 bits. */
static void palette_follows_the_colour_fields(void **state)
{
	uint8_t *p = new_pixels(640 * 2, 400);
	struct framebuffer fb;

	(void)state;
	assert_true(framebuffer_init(&fb, p, 640, 400, 640 * 2, 16, &rgb565, 80, 25));
	assert_int_equal(fb.palette[15], 0xffff);
	/* light grey 0xaaaaaa: 0xaa >> 3 = 21 red, 0xaa >> 2 = 42 green, 21 blue */
	assert_int_equal(fb.palette[7], 21 << 11 | 42 << 5 | 21);
	assert_int_equal(fb.palette[4], 21 << 11);	/* red 0xaa0000 */
	free(p);
}

/* A larger screen: the largest whole scale, the text area centred. */
static void scales_and_centres(void **state)
{
	struct framebuffer fb;
	uint8_t *p = new_pixels(800 * 4, 600);

	(void)state;
	assert_true(framebuffer_init(&fb, p, 800, 600, 800 * 4, 32, &bgr888, 80, 25));
	assert_int_equal(fb.scale, 1);
	assert_int_equal(fb.left, 80);
	assert_int_equal(fb.top, 100);
	free(p);
	p = new_pixels(1920 * 4, 1080);
	assert_true(framebuffer_init(&fb, p, 1920, 1080, 1920 * 4, 32, &bgr888, 80, 25));
	assert_int_equal(fb.scale, 2);
	assert_int_equal(fb.left, (1920 - 1280) / 2);
	assert_int_equal(fb.top, (1080 - 800) / 2);
	framebuffer_draw_cell(&fb, 24, 79, 0xdb | 0x0f << 8);
	free(p);
}

/* What cannot be drawn is refused, not drawn out of bounds. */
static void refuses_what_it_cannot_draw(void **state)
{
	struct framebuffer fb;
	uint8_t pixels[16];

	(void)state;
	assert_false(framebuffer_init(&fb, pixels, 600, 400, 600 * 3, 24, &bgr888, 80, 25));
	assert_false(framebuffer_init(&fb, pixels, 640, 400, 640, 8, &bgr888, 80, 25));
	assert_false(framebuffer_init(&fb, pixels, 640, 400, 640 * 2, 24, &bgr888, 80, 25));
	assert_false(framebuffer_init(&fb, NULL, 640, 400, 640 * 3, 24, &bgr888, 80, 25));
}

/* A boot loader's colour fields that do not fit in the pixel are refused:
 * shifting a level by 40 is undefined, and the colour would land outside. */
static void refuses_colour_fields_outside_the_pixel(void **state)
{
	static const struct framebuffer_format red_too_high = { 40, 8, 8, 8, 0, 8 };
	static const struct framebuffer_format blue_past_24 = { 16, 8, 8, 8, 20, 8 };
	struct framebuffer fb;
	uint8_t pixels[16];

	(void)state;
	assert_false(framebuffer_init(&fb, pixels, 640, 400, 640 * 4, 32, &red_too_high, 80, 25));
	assert_false(framebuffer_init(&fb, pixels, 640, 400, 640 * 3, 24, &blue_past_24, 80, 25));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(draws_a_glyph_with_its_colours),
		cmocka_unit_test(last_cell_stays_inside),
		cmocka_unit_test(palette_follows_the_colour_fields),
		cmocka_unit_test(scales_and_centres),
		cmocka_unit_test(refuses_what_it_cannot_draw),
		cmocka_unit_test(refuses_colour_fields_outside_the_pixel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
