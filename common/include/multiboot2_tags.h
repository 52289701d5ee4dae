/**
 * @file
 * The layout of the Multiboot2 boot information, and the one lookup the boot
 * code needs before kernel_main: finding a tag of one type.
 *
 * The boot information is a header (total size, reserved) followed by a list
 * of tags. Every tag starts with its type and its size in bytes, and tags
 * start on 8-byte boundaries; a tag of type 0 ends the list. The boot code
 * (common/boot) hands the kernel this format whichever way it came in, and
 * text_screen.c looks in it for a framebuffer. Lesson 02 explains the format
 * and adds the rest of a reader (its multiboot2.h): an iterator over all the
 * tags, strings, the memory map and command-line options.
 */
#ifndef MULTIBOOT2_TAGS_H
#define MULTIBOOT2_TAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The value GRUB leaves in eax for a Multiboot2 kernel. */
#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289u

/** Tag types this course reads (the specification defines more). */
enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_COMMAND_LINE = 1,
	MB2_TAG_BOOTLOADER_NAME = 2,
	MB2_TAG_BASIC_MEMORY = 4,
	MB2_TAG_MEMORY_MAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_EFI32_SYSTEM_TABLE = 11,
	MB2_TAG_EFI64_SYSTEM_TABLE = 12,
	MB2_TAG_EFI_MEMORY_MAP = 17,
};

/** The start of every tag. */
struct mb2_tag {
	uint32_t type;	/**< one of enum mb2_tag_type, or another type to skip */
	uint32_t size;	/**< bytes in this tag including these 8, without padding */
};

/** One region of physical memory from the memory-map tag. */
struct mb2_memory_region {
	uint64_t base;	 /**< physical start address */
	uint64_t length; /**< size in bytes */
	uint32_t type;	 /**< 1 usable RAM, 3 ACPI reclaimable, 4 preserve on hibernation, 5 defective */
	uint32_t reserved; /**< always 0 */
};

/** What the framebuffer tag's pixels are (its framebuffer_type). */
enum mb2_framebuffer_type {
	MB2_FRAMEBUFFER_INDEXED = 0,	/**< each pixel is a palette index */
	MB2_FRAMEBUFFER_RGB = 1,	/**< each pixel holds red, green and blue */
	MB2_FRAMEBUFFER_EGA_TEXT = 2,	/**< VGA text mode: 16-bit cells, not pixels */
};

/**
 * The framebuffer tag: where the screen's memory is and how it is laid
 * out. Under BIOS GRUB describes VGA text mode here (type EGA text, 80x25
 * cells at 0xb8000); under UEFI a graphics mode (type RGB), followed by the
 * colour fields' positions.
 */
struct mb2_framebuffer_tag {
	struct mb2_tag tag;	/**< type MB2_TAG_FRAMEBUFFER */
	uint64_t address;	/**< physical address of the first pixel (or cell) */
	uint32_t pitch;		/**< bytes from one row to the next */
	uint32_t width;		/**< pixels (or text columns) per row */
	uint32_t height;	/**< rows of pixels (or text rows) */
	uint8_t bpp;		/**< bits per pixel (16 per cell in text mode) */
	uint8_t framebuffer_type; /**< one of enum mb2_framebuffer_type */
	uint16_t reserved;	/**< 0 */
	/* For MB2_FRAMEBUFFER_RGB: each colour's lowest bit and bit count. */
	uint8_t red_position;	/**< bit position of red in a pixel */
	uint8_t red_size;	/**< bits of red */
	uint8_t green_position; /**< bit position of green */
	uint8_t green_size;	/**< bits of green */
	uint8_t blue_position;	/**< bit position of blue */
	uint8_t blue_size;	/**< bits of blue */
};

/** Bytes of the framebuffer tag before the colour fields. */
#define MB2_FRAMEBUFFER_TAG_COMMON_SIZE 32
_Static_assert(offsetof(struct mb2_framebuffer_tag, red_position) ==
		       MB2_FRAMEBUFFER_TAG_COMMON_SIZE,
	       "framebuffer tag: the colour fields follow 32 bytes of common fields");

/** Region type of usable RAM in the memory map. */
#define MB2_MEMORY_AVAILABLE 1

/** Bytes of the boot information's header (total_size and reserved). */
#define MB2_HEADER_SIZE 8
/** Tags start on multiples of this many bytes. */
#define MB2_TAG_ALIGN 8

/**
 * Finds the first tag of a type, trusting nothing it reads: the header's
 * total size and every tag's size must fit in what may be read, so a
 * truncated or corrupt list ends the search instead of reading past its end.
 * @param boot_info address of the boot information
 * @param available bytes that may be read at boot_info (SIZE_MAX if unknown)
 * @param type the tag type to look for
 * @return the tag, or NULL if there is none before the end or a malformed tag
 */
const struct mb2_tag *mb2_find(const void *boot_info, size_t available, uint32_t type);

/**
 * Finds and checks the framebuffer tag.
 * @param boot_info address of the boot information
 * @param available bytes that may be read at boot_info (SIZE_MAX if unknown)
 * @return the tag, or NULL if there is none or it is too short for its type
 *         (an RGB tag must hold the colour fields)
 */
const struct mb2_framebuffer_tag *mb2_framebuffer(const void *boot_info, size_t available);

#endif
