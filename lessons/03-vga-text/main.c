/*
 * Lesson 03: text on the screen through a writer, in colour, with printf.
 *
 * kernel_main prints enough numbered lines to scroll the screen, then the
 * colour table (each colour's name in its own colour), a few formatted
 * values and the stand-in for bytes the screen cannot show. It ends with
 * the text in known places so the boot test (tests/screen.test) can read
 * it back through QEMU.
 */
#include <stdint.h>
#include "console.h"
#include "multiboot2.h"
#include "panic.h"
#include "serial.h"

#define SCROLL_LINES 30	/* more than the 25 rows: the first ones scroll away */

void kernel_main(uint32_t magic, uint64_t boot_info);

static const char *const color_names[VGA_COLOR_COUNT] = {
	"black", "blue", "green", "cyan", "red", "magenta", "brown", "light grey",
	"dark grey", "light blue", "light green", "light cyan", "light red", "pink",
	"yellow", "white",
};

//! [color table]
/* Two columns: the dark colour n on the left, its bright twin n + 8 on the right. */
static void print_color_table(void)
{
	for (int n = 0; n < VGA_COLOR_COUNT / 2; n++) {
		for (int bright = 0; bright <= 8; bright += 8) {
			enum vga_color color = (enum vga_color)(n + bright);

			/* Black on black would be invisible: give it a grey background. */
			console_set_color(color, color == VGA_BLACK ? VGA_LIGHT_GREY : VGA_BLACK);
			kprintf("  %2d %-14s", color, color_names[color]);
		}
		console_set_color(VGA_LIGHT_GREY, VGA_BLACK);
		kprintf("\n");
	}
}
//! [color table]

static void print_backgrounds(void)
{
	kprintf("backgrounds: ");
	for (int n = 0; n < VGA_COLOR_COUNT / 2; n++) {
		enum vga_color background = (enum vga_color)n;

		console_set_color(n == VGA_LIGHT_GREY ? VGA_BLACK : VGA_WHITE, background);
		kprintf(" %d ", n);
	}
	console_set_color(VGA_LIGHT_GREY, VGA_BLACK);
	kprintf("\n");
}

//! [kernel_main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	const struct mb2_tag *loader;

	serial_init();
	console_init();
	serial_write_string("lesson 03: kernel_main ran\n");
	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		panicf("kernel_main: wrong Multiboot2 magic 0x%08x", magic);

	for (int line = 1; line <= SCROLL_LINES; line++)
		kprintf("scrolling: line %2d of %d\n", line, SCROLL_LINES);

	console_set_color(VGA_YELLOW, VGA_BLUE);
	kprintf("%-80s", "Lesson 03: VGA text mode");	/* a bar across the whole row */
	console_set_color(VGA_LIGHT_GREY, VGA_BLACK);
	kprintf("\n");	/* the row is full: this newline ends it, it adds no empty row */
	print_color_table();
	print_backgrounds();

	loader = mb2_find((const void *)(uintptr_t)boot_info, SIZE_MAX, MB2_TAG_BOOTLOADER_NAME);
	kprintf("booted by %s, boot information at %p\n", loader ? mb2_tag_string(loader) : NULL,
		(void *)(uintptr_t)boot_info);
	kprintf("kprintf: [%d] [%5u] [%-5x|] [%08X] [%c] [%s] [%%]\n", -42, 42u, 0xbeefu,
		0xc0ffeeu, '!', "text");
	kprintf("64-bit: %lld %llu\n", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	kprintf("not printable: \x01 \x80 \xff become the square\n");
	kprintf("This line is longer than one row of eighty columns, so the writer continues "
		"it on the next row by itself.");

	serial_write_string("lesson 03: screen written\n");
	halt_forever();
}
//! [kernel_main]
