/*
 * The direct boot's start info turned into Multiboot2 tags (see pvh.h).
 * Linux's PVH entry does the same into its own boot format (boot_params):
 * one translation at the entry, and one format for everything after it.
 */
#include "multiboot2_tags.h"
#include "pvh.h"

#define TAG_ALIGN 8
#define INFO_HEADER_SIZE 8	/* total_size and reserved */
#define MEMORY_MAP_HEADER_SIZE 16	/* the tag header, entry_size, entry_version */

/* Writes into a buffer without passing its end; `full` once something did not fit. */
struct writer {
	uint8_t *bytes;
	size_t size;
	size_t used;
	int full;
};

static void put(struct writer *w, const void *data, size_t length)
{
	const uint8_t *from = data;

	if (w->full || length > w->size - w->used) {
		w->full = 1;
		return;
	}
	for (size_t i = 0; i < length; i++)
		w->bytes[w->used + i] = from[i];
	w->used += length;
}

static void put32(struct writer *w, uint32_t value)
{
	put(w, &value, sizeof(value));
}

/* Overwrites 4 bytes already written at offset `at`. */
static void put_at(struct writer *w, size_t at, uint32_t value)
{
	for (size_t i = 0; i < sizeof(value); i++)
		w->bytes[at + i] = (uint8_t)(value >> (8 * i));
}

/* Tags start on 8-byte boundaries: zero bytes up to the next one. */
static void pad(struct writer *w)
{
	static const uint8_t zeros[TAG_ALIGN];

	put(w, zeros, (TAG_ALIGN - w->used % TAG_ALIGN) % TAG_ALIGN);
}

/* A tag of `type` holding the first `length` bytes of text and a NUL. */
static void put_string_tag(struct writer *w, uint32_t type, const char *text, size_t length)
{
	put32(w, type);
	put32(w, (uint32_t)(sizeof(struct mb2_tag) + length + 1));
	put(w, text, length);
	put(w, "", 1);
	pad(w);
}

static size_t bounded_length(const char *text, size_t max)
{
	size_t n = 0;

	while (text != NULL && n < max && text[n] != '\0')
		n++;
	return n;
}

size_t pvh_to_multiboot2(const struct hvm_start_info *start, const char *command_line,
			 const struct hvm_memmap_table_entry *memory_map, void *buffer,
			 size_t size)
{
	struct writer w = { .bytes = buffer, .size = size };
	uint32_t entries = start->version >= 1 && memory_map ? start->memmap_entries : 0;

	put32(&w, 0);	/* total_size, filled in at the end */
	put32(&w, 0);	/* reserved */
	put_string_tag(&w, MB2_TAG_BOOTLOADER_NAME, PVH_LOADER_NAME, sizeof(PVH_LOADER_NAME) - 1);
	put_string_tag(&w, MB2_TAG_COMMAND_LINE, command_line ? command_line : "",
		       bounded_length(command_line, PVH_COMMAND_LINE_MAX));
	if (entries > 0) {
		/* The two layouts are the same, entry for entry (pvh.h). */
		size_t tag = w.used;
		uint32_t tag_size;

		put32(&w, MB2_TAG_MEMORY_MAP);
		put32(&w, 0);	/* its size, filled in below */
		put32(&w, sizeof(struct mb2_memory_region));	/* entry_size */
		put32(&w, 0);					/* entry_version */
		for (uint32_t i = 0; i < entries && !w.full; i++) {
			struct mb2_memory_region region = {
				.base = memory_map[i].addr,
				.length = memory_map[i].size,
				.type = memory_map[i].type,
			};
			/* qboot ends its map with an empty region: it says nothing. */
			if (region.length != 0)
				put(&w, &region, sizeof(region));
		}
		tag_size = (uint32_t)(w.used - tag);
		if (!w.full)
			put_at(&w, tag + 4, tag_size);
		pad(&w);
	}
	put32(&w, MB2_TAG_END);
	put32(&w, sizeof(struct mb2_tag));
	if (w.full)
		return 0;
	put_at(&w, 0, (uint32_t)w.used);	/* total_size */
	return w.used;
}
