/**
 * @file
 * The bitmap font of the framebuffer console: the 256 characters of code
 * page 437, the PC text mode's character set, each 8 pixels wide and 16
 * high, as the VGA card draws them from its own ROM in text mode.
 *
 * The array is generated at build time by tools/psf_font.py from Debian's
 * console-data font /usr/share/consolefonts/default8x16.psf.gz (the VGA ROM
 * font, GPL-2), into build/font/cp437_8x16.c.
 */
#ifndef FONT_H
#define FONT_H

#include <stdint.h>

/** Pixels per glyph row; a row is one byte, bit 7 the leftmost pixel. */
#define FONT_WIDTH 8
/** Rows per glyph. */
#define FONT_HEIGHT 16
/** Glyphs in the font: one per byte value, in code page 437 order. */
#define FONT_GLYPHS 256

/** The glyphs: font_glyphs[c][row], bit (7 - x) set where pixel x is lit. */
extern const uint8_t font_glyphs[FONT_GLYPHS][FONT_HEIGHT];

#endif
