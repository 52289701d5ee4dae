/**
 * @file
 * Reading the boot information GRUB hands over (Multiboot2).
 *
 * The boot information is a header (total size, reserved) followed by a list
 * of tags. Every tag starts with its type and its size in bytes, and tags
 * start on 8-byte boundaries; a tag of type 0 ends the list. These functions
 * walk the list without trusting it: sizes are checked against the total, so
 * a truncated or corrupt list ends the walk instead of reading past its end.
 */
#ifndef MULTIBOOT2_H
#define MULTIBOOT2_H

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

/** A position in the tag list; fill it with mb2_begin(). */
struct mb2_iterator {
	const uint8_t *next;	/**< where the next tag starts */
	const uint8_t *end;	/**< one past the last byte of the boot information */
	bool finished;		/**< set once the end tag was reached */
	bool malformed;		/**< set when the walk stopped at a tag that does not fit,
				     or at the end of the data with no end tag */
};

/**
 * Starts a walk over the boot information's tags.
 * @param it the iterator to set up
 * @param boot_info address of the boot information
 * @param available how many bytes at boot_info may be read at most (SIZE_MAX if unknown)
 * @return false if the header itself is invalid (then it->malformed is set)
 */
bool mb2_begin(struct mb2_iterator *it, const void *boot_info, size_t available);

/**
 * Steps to the next tag.
 * @param it an iterator from mb2_begin()
 * @return the tag, or NULL at the end tag or when the next tag is malformed
 *         (check it->malformed to tell the two apart)
 */
const struct mb2_tag *mb2_next(struct mb2_iterator *it);

/**
 * Finds the first tag of a type.
 * @param boot_info address of the boot information
 * @param available bytes that may be read at boot_info (SIZE_MAX if unknown)
 * @param type the tag type to look for
 * @return the tag, or NULL if there is none before the end or a malformed tag
 */
const struct mb2_tag *mb2_find(const void *boot_info, size_t available, uint32_t type);

/**
 * Reads the text of a command-line or boot-loader-name tag.
 * @param tag a tag holding a NUL-terminated string after its header
 * @return the string, or NULL if no NUL lies inside the tag
 */
const char *mb2_tag_string(const struct mb2_tag *tag);

/**
 * Counts the regions of a memory-map tag.
 * @param tag a tag of type MB2_TAG_MEMORY_MAP
 * @return the number of regions, 0 if the tag is malformed
 */
size_t mb2_memory_region_count(const struct mb2_tag *tag);

/**
 * Reads one region of a memory-map tag.
 * @param tag a tag of type MB2_TAG_MEMORY_MAP
 * @param index 0 to mb2_memory_region_count() - 1
 * @return the region, or NULL if index is out of range
 */
const struct mb2_memory_region *mb2_memory_region(const struct mb2_tag *tag, size_t index);

/**
 * Adds up the memory a memory-map tag reports as usable RAM (lab 2.1).
 * @param tag a tag of type MB2_TAG_MEMORY_MAP
 * @return the total length in bytes of its MB2_MEMORY_AVAILABLE regions,
 *         0 if the tag is malformed
 */
uint64_t mb2_available_memory(const struct mb2_tag *tag);

/**
 * Finds and checks the framebuffer tag.
 * @param boot_info address of the boot information
 * @param available bytes that may be read at boot_info (SIZE_MAX if unknown)
 * @return the tag, or NULL if there is none or it is too short for its type
 *         (an RGB tag must hold the colour fields)
 */
const struct mb2_framebuffer_tag *mb2_framebuffer(const void *boot_info, size_t available);

/**
 * Tells whether the kernel was started through UEFI firmware: GRUB EFI
 * passes the EFI system table (and, once it has left the firmware's boot
 * services, the EFI memory map) in tags that BIOS boots never have.
 * @param boot_info address of the boot information
 * @param available bytes that may be read at boot_info (SIZE_MAX if unknown)
 * @return true for UEFI, false for BIOS
 */
bool mb2_booted_from_uefi(const void *boot_info, size_t available);

/**
 * Looks for an option on the kernel command line (lab 2.2). The command line
 * is a list of words separated by spaces; an option is a word that is
 * exactly `name`, or that starts with `name=` (then the rest of the word is
 * its value). The first matching word counts.
 * @param command_line the command line, or NULL (no options)
 * @param name the option's name, without '='
 * @param value receives where the value starts (for a plain word, where
 *        the word ends); may be NULL
 * @param length receives the value's length (0 for a plain word); may be NULL
 * @return true if the option is on the command line
 */
bool mb2_option(const char *command_line, const char *name, const char **value,
		size_t *length);

#endif
