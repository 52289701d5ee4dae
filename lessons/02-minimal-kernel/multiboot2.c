/*
 * A careful walk over the Multiboot2 boot information: every size is
 * checked before it is used. Pure code with no hardware access, so the
 * host unit tests (tests/host/test_multiboot2.c) run it on crafted input.
 * mb2_find() and mb2_framebuffer() are common/multiboot2_tags.c's.
 */
#include "multiboot2.h"

/* The memory-map tag: the common tag header, then entry size and version. */
struct mb2_memory_map_tag {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
};

bool mb2_begin(struct mb2_iterator *it, const void *boot_info, size_t available)
{
	const uint8_t *start = boot_info;
	uint32_t total_size;

	it->next = it->end = start;
	it->finished = false;
	it->malformed = true;
	if (available < MB2_HEADER_SIZE)
		return false;
	total_size = *(const uint32_t *)boot_info;
	if (total_size < MB2_HEADER_SIZE || total_size > available)
		return false;
	it->next = start + MB2_HEADER_SIZE;
	it->end = start + total_size;
	it->malformed = false;
	return true;
}

//! [next tag]
const struct mb2_tag *mb2_next(struct mb2_iterator *it)
{
	const struct mb2_tag *tag = (const struct mb2_tag *)it->next;
	size_t room = (size_t)(it->end - it->next);
	size_t padded;

	if (it->finished || it->malformed)
		return NULL;
	/* The header must fit, and the size it states must fit too. */
	if (room < sizeof(*tag) || tag->size < sizeof(*tag) || tag->size > room) {
		it->malformed = true;
		return NULL;
	}
	if (tag->type == MB2_TAG_END) {
		it->finished = true;
		return NULL;
	}
	/* The next tag starts at the next 8-byte boundary. */
	padded = ((size_t)tag->size + MB2_TAG_ALIGN - 1) & ~(size_t)(MB2_TAG_ALIGN - 1);
	it->next += padded < room ? padded : room;
	return tag;
}
//! [next tag]

const char *mb2_tag_string(const struct mb2_tag *tag)
{
	const char *text = (const char *)(tag + 1);
	size_t length = tag->size - sizeof(*tag);

	for (size_t i = 0; i < length; i++) {
		if (text[i] == '\0')
			return text;
	}
	return NULL;	/* not terminated inside the tag: do not trust it */
}

static const struct mb2_memory_map_tag *memory_map(const struct mb2_tag *tag)
{
	const struct mb2_memory_map_tag *map = (const struct mb2_memory_map_tag *)tag;

	if (tag->type != MB2_TAG_MEMORY_MAP || tag->size < sizeof(*map) ||
	    map->entry_size < sizeof(struct mb2_memory_region) || map->entry_size % 8 != 0)
		return NULL;
	return map;
}

size_t mb2_memory_region_count(const struct mb2_tag *tag)
{
	const struct mb2_memory_map_tag *map = memory_map(tag);

	if (!map)
		return 0;
	return (tag->size - sizeof(*map)) / map->entry_size;
}

const struct mb2_memory_region *mb2_memory_region(const struct mb2_tag *tag, size_t index)
{
	const struct mb2_memory_map_tag *map = memory_map(tag);

	if (!map || index >= mb2_memory_region_count(tag))
		return NULL;
	return (const struct mb2_memory_region *)((const uint8_t *)(map + 1) +
						   index * map->entry_size);
}

bool mb2_booted_from_uefi(const void *boot_info, size_t available)
{
	return mb2_find(boot_info, available, MB2_TAG_EFI64_SYSTEM_TABLE) != NULL ||
	       mb2_find(boot_info, available, MB2_TAG_EFI32_SYSTEM_TABLE) != NULL ||
	       mb2_find(boot_info, available, MB2_TAG_EFI_MEMORY_MAP) != NULL;
}

uint64_t mb2_available_memory(const struct mb2_tag *tag)
{
	// LAB 2.1 BEGIN: count the available memory
	size_t count = mb2_memory_region_count(tag);
	uint64_t total = 0;

	for (size_t i = 0; i < count; i++) {
		const struct mb2_memory_region *region = mb2_memory_region(tag, i);

		if (region->type == MB2_MEMORY_AVAILABLE)
			total += region->length;
	}
	return total;
	// LAB 2.1 STUB
	// (void)tag;
	// return 0; /* lab 2.1: add up the available regions */
	// LAB 2.1 END
}

// LAB 2.2 BEGIN: the helper that compares one word
/* Does the word (length bytes) name the option? Then set *value and *value_length. */
static bool option_word(const char *word, size_t length, const char *name, const char **value,
			size_t *value_length)
{
	size_t n = 0;

	while (name[n] != '\0' && n < length && word[n] == name[n])
		n++;
	if (name[n] != '\0')
		return false; /* the word is shorter, or differs */
	if (n == length) {    /* exactly the name: a plain word */
		*value = word + length;
		*value_length = 0;
		return true;
	}
	if (word[n] != '=')
		return false; /* a longer word: "verbose2" is not "verbose" */
	*value = word + n + 1;
	*value_length = length - n - 1;
	return true;
}
// LAB 2.2 STUB
// LAB 2.2 END

bool mb2_option(const char *command_line, const char *name, const char **value, size_t *length)
{
	// LAB 2.2 BEGIN: split the command line into words
	const char *found_value;
	size_t found_length;

	if (command_line == NULL || name == NULL || name[0] == '\0')
		return false;
	for (const char *p = command_line; *p != '\0';) {
		size_t n = 0;

		while (*p == ' ')
			p++;
		while (p[n] != '\0' && p[n] != ' ')
			n++;
		if (n > 0 && option_word(p, n, name, &found_value, &found_length)) {
			if (value)
				*value = found_value;
			if (length)
				*length = found_length;
			return true;
		}
		p += n;
	}
	return false;
	// LAB 2.2 STUB
	// (void)command_line;
	// (void)name;
	// (void)value;
	// (void)length;
	// return false; /* lab 2.2: look for "name" or "name=value" among the words */
	// LAB 2.2 END
}
