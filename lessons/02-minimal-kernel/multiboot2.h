/**
 * @file
 * Reading the boot information GRUB hands over (Multiboot2).
 *
 * The boot information is a header (total size, reserved) followed by a list
 * of tags. Every tag starts with its type and its size in bytes, and tags
 * start on 8-byte boundaries; a tag of type 0 ends the list. These functions
 * walk the list without trusting it: sizes are checked against the total, so
 * a truncated or corrupt list ends the walk instead of reading past its end.
 *
 * The layout itself, mb2_find() and mb2_framebuffer() are in common/
 * (multiboot2_tags.h), because the boot code needs them before kernel_main:
 * under UEFI it looks for the framebuffer to draw the text screen into.
 */
#ifndef MULTIBOOT2_H
#define MULTIBOOT2_H

#include "multiboot2_tags.h"

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
