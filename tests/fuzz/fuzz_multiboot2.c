/*
 * Fuzz harness: lesson 02's Multiboot2 tag walker over any bytes.
 *
 * The input is the boot information, copied to an 8-byte aligned buffer of
 * exactly its size (so AddressSanitizer sees any read past its end). Every
 * tag the walker hands out must lie inside the data, and the helpers that
 * read tags (strings, memory maps, options) must stay inside their tag.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "multiboot2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *info = aligned_alloc(8, (size + 7) / 8 * 8 + 8);
	struct mb2_iterator it;
	const struct mb2_tag *tag;

	memcpy(info, data, size);
	if (mb2_begin(&it, info, size)) {
		while ((tag = mb2_next(&it)) != NULL) {
			const uint8_t *start = (const uint8_t *)tag;

			assert(start >= info && start + tag->size <= info + size);
			if (tag->type == MB2_TAG_MEMORY_MAP) {
				size_t count = mb2_memory_region_count(tag);

				for (size_t i = 0; i < count; i++)
					assert(mb2_memory_region(tag, i) != NULL);
				(void)mb2_available_memory(tag);
			} else if (tag->type == MB2_TAG_COMMAND_LINE ||
				   tag->type == MB2_TAG_BOOTLOADER_NAME) {
				const char *string = mb2_tag_string(tag), *value;
				size_t length;

				if (string != NULL) {
					assert(strlen(string) < tag->size);
					(void)mb2_option(string, "memory", &value, &length);
				}
			}
		}
	}
	(void)mb2_find(info, size, MB2_TAG_MEMORY_MAP);
	free(info);
	return 0;
}
