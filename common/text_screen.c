/*
 * The text screen under UEFI: a page of RAM in place of the VGA text
 * buffer, and a framebuffer that shows it (see text_screen.h).
 */
#include <stddef.h>
#include "boot_map.h"
#include "framebuffer.h"
#include "multiboot2_tags.h"
#include "text_screen.h"

#include "page_size.h"	/* the cells fill one page, which boot_map remaps */
#define VGA_TEXT_BUFFER 0xb8000
#define CELLS (TEXT_SCREEN_COLUMNS * TEXT_SCREEN_ROWS)
#define BLANK 0x0720	/* a space, light grey on black: a cleared text screen */

volatile uint16_t text_screen_cells[PAGE_SIZE / sizeof(uint16_t)]
	__attribute__((aligned(PAGE_SIZE)));

static struct framebuffer framebuffer;
static bool active;
static uint16_t drawn[CELLS];	/* what the framebuffer shows now */

//! [setup]
void text_screen_setup(uint32_t magic, uint64_t boot_info)
{
	const void *info = (const void *)(uintptr_t)boot_info;
	const struct mb2_framebuffer_tag *tag;
	struct framebuffer_format format;

	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		return;
	/* boot_info_setup() mapped total_size bytes: read no further. */
	tag = mb2_framebuffer(info, *(const uint32_t *)info);
	if (tag == NULL || tag->framebuffer_type != MB2_FRAMEBUFFER_RGB)
		return;	/* BIOS text mode (or a palette mode we do not draw) */
	format = (struct framebuffer_format){
		.red_shift = tag->red_position, .red_bits = tag->red_size,
		.green_shift = tag->green_position, .green_bits = tag->green_size,
		.blue_shift = tag->blue_position, .blue_bits = tag->blue_size,
	};
	if (!boot_map_identity(tag->address, (uint64_t)tag->pitch * tag->height))
		return;
	if (!framebuffer_init(&framebuffer, (volatile uint8_t *)(uintptr_t)tag->address,
			      tag->width, tag->height, tag->pitch, tag->bpp, &format,
			      TEXT_SCREEN_COLUMNS, TEXT_SCREEN_ROWS))
		return;

	/* From now on, writes to 0xb8000 land in text_screen_cells. */
	for (size_t i = 0; i < CELLS; i++)
		text_screen_cells[i] = drawn[i] = BLANK;
	boot_map_small_page(VGA_TEXT_BUFFER, (uint64_t)(uintptr_t)text_screen_cells);
	framebuffer_clear(&framebuffer, 0);
	active = true;
}
//! [setup]

//! [refresh]
void text_screen_refresh(void)
{
	if (!active)
		return;
	for (size_t i = 0; i < CELLS; i++) {
		uint16_t cell = text_screen_cells[i];

		if (cell != drawn[i]) {
			framebuffer_draw_cell(&framebuffer, (uint32_t)(i / TEXT_SCREEN_COLUMNS),
					      (uint32_t)(i % TEXT_SCREEN_COLUMNS), cell);
			drawn[i] = cell;
		}
	}
}
//! [refresh]

bool text_screen_uses_framebuffer(void)
{
	return active;
}
