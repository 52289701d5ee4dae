/*
 * Lesson 02: a minimal kernel that knows how it was booted.
 *
 * By the time kernel_main runs, the firmware has started GRUB, GRUB has
 * loaded this kernel and entered 32-bit protected mode, and common/boot has
 * switched to 64-bit long mode. kernel_main reads what GRUB handed over
 * (the Multiboot2 boot information), reports it on the serial port and
 * greets on the screen.
 */
#include <stdint.h>
#include "number.h"
#include "panic.h"
#include "serial.h"
#include "multiboot2.h"

#define VGA_TEXT_BUFFER 0xb8000	/* lesson 03 wraps this address in a writer */
#define LIGHT_GREEN_ON_BLACK 0x0a
#define MIB (1024 * 1024)

void kernel_main(uint32_t magic, uint64_t boot_info);

static void write_hex(uint64_t value)
{
	char digits[NUMBER_BUFFER_SIZE];
	size_t n = u64_to_string(value, 16, false, digits);

	serial_write_string("0x");
	for (; n < 16; n++)
		serial_write_char('0');	/* pad to 16 digits so columns line up */
	serial_write_string(digits);
}

static void write_string_tag(const char *label, const void *info, uint32_t type)
{
	const struct mb2_tag *tag = mb2_find(info, SIZE_MAX, type);
	const char *text = tag ? mb2_tag_string(tag) : NULL;

	serial_write_string(label);
	serial_write_string(text ? text : "(none)");
	serial_write_char('\n');
}

//! [memory map]
static void write_memory_map(const void *info)
{
	const struct mb2_tag *map = mb2_find(info, SIZE_MAX, MB2_TAG_MEMORY_MAP);
	size_t count = map ? mb2_memory_region_count(map) : 0;

	serial_write_string("memory map:\n");
	for (size_t i = 0; i < count; i++) {
		const struct mb2_memory_region *region = mb2_memory_region(map, i);

		serial_write_string("  ");
		write_hex(region->base);
		serial_write_string(" - ");
		write_hex(region->base + region->length - 1);
		serial_write_string(region->type == MB2_MEMORY_AVAILABLE ? "  available\n"
									  : "  reserved\n");
	}
}
//! [memory map]

/* The total of the available regions, in bytes and in whole MiB. */
static void write_available_memory(const void *info)
{
	const struct mb2_tag *map = mb2_find(info, SIZE_MAX, MB2_TAG_MEMORY_MAP);
	uint64_t bytes = map ? mb2_available_memory(map) : 0;
	char digits[NUMBER_BUFFER_SIZE];

	serial_write_string("available memory: ");
	u64_to_string(bytes, 10, false, digits);
	serial_write_string(digits);
	serial_write_string(" bytes (");
	u64_to_string(bytes / MIB, 10, false, digits);
	serial_write_string(digits);
	serial_write_string(" MiB)\n");
}

//! [firmware]
/* BIOS or UEFI: only GRUB EFI passes the EFI system table and memory map. */
static void write_firmware(const void *info)
{
	serial_write_string(mb2_booted_from_uefi(info, SIZE_MAX) ? "firmware: UEFI\n"
								 : "firmware: BIOS\n");
}

/* The framebuffer tag: VGA text mode under BIOS, a graphics mode under UEFI. */
static void write_framebuffer(const void *info)
{
	const struct mb2_framebuffer_tag *fb = mb2_framebuffer(info, SIZE_MAX);
	char digits[NUMBER_BUFFER_SIZE];

	serial_write_string("framebuffer: ");
	if (fb == NULL) {
		serial_write_string("(none)\n");
		return;
	}
	write_hex(fb->address);
	serial_write_string(fb->framebuffer_type == MB2_FRAMEBUFFER_EGA_TEXT ? ", text "
									     : ", pixels ");
	u64_to_string(fb->width, 10, false, digits);
	serial_write_string(digits);
	serial_write_char('x');
	u64_to_string(fb->height, 10, false, digits);
	serial_write_string(digits);
	serial_write_string(", pitch ");
	u64_to_string(fb->pitch, 10, false, digits);
	serial_write_string(digits);
	serial_write_string(" bytes, ");
	u64_to_string(fb->bpp, 10, false, digits);
	serial_write_string(digits);
	serial_write_string(fb->framebuffer_type == MB2_FRAMEBUFFER_EGA_TEXT ? " bits per cell, size "
									     : " bits per pixel, size ");
	u64_to_string((uint64_t)fb->pitch * fb->height, 10, false, digits);
	serial_write_string(digits);
	serial_write_string(" bytes\n");
}
//! [firmware]

/* Options on the command line: "verbose" asks for one more line. */
static void write_options(const void *info)
{
	const struct mb2_tag *tag = mb2_find(info, SIZE_MAX, MB2_TAG_COMMAND_LINE);
	const char *command_line = tag ? mb2_tag_string(tag) : NULL;

	if (mb2_option(command_line, "verbose", NULL, NULL))
		serial_write_string("verbose: the command line asked for more detail\n");
}

//! [kernel_main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	static const char greeting[] = "Hello World!";
	volatile uint16_t *screen = (volatile uint16_t *)VGA_TEXT_BUFFER;
	const void *info = (const void *)(uintptr_t)boot_info;

	serial_init();
	serial_write_string("lesson 02: kernel_main ran\n");
	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		panic("kernel_main: wrong Multiboot2 magic (boot32.asm should have caught it)");
	serial_write_string("multiboot2 magic: ");
	write_hex(magic);
	serial_write_char('\n');
	write_string_tag("bootloader: ", info, MB2_TAG_BOOTLOADER_NAME);
	write_string_tag("command line: ", info, MB2_TAG_COMMAND_LINE);
	write_options(info);
	write_firmware(info);
	write_framebuffer(info);
	write_memory_map(info);
	write_available_memory(info);

	for (int i = 0; greeting[i] != '\0'; i++)
		screen[i] = (uint16_t)(LIGHT_GREEN_ON_BLACK << 8 | (uint8_t)greeting[i]);
	serial_write_string("screen: Hello World!\n");
	halt_forever();
}
//! [kernel_main]
