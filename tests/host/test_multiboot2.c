/*
 * Host tests of the Multiboot2 tag walker (lessons/02-minimal-kernel):
 * well-formed boot information as GRUB builds it, and truncated or corrupt
 * lists that must end the walk without reading past the end. The buffers are
 * exactly as large as the data, so AddressSanitizer catches any overread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "multiboot2.h"

/* A little builder for boot information blobs. */
struct blob {
	uint8_t *bytes;
	size_t size;
};

static void put32(struct blob *b, size_t at, uint32_t value)
{
	memcpy(b->bytes + at, &value, 4);
}

static void put64(struct blob *b, size_t at, uint64_t value)
{
	memcpy(b->bytes + at, &value, 8);
}

static size_t padded(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Appends a tag with a payload; returns the tag's offset. */
static size_t add_tag(struct blob *b, uint32_t type, const void *payload, size_t length)
{
	size_t at = b->size;

	b->size += padded(8 + length);
	b->bytes = realloc(b->bytes, b->size);
	memset(b->bytes + at, 0, b->size - at);
	put32(b, at, type);
	put32(b, at + 4, (uint32_t)(8 + length));
	if (length)
		memcpy(b->bytes + at + 8, payload, length);
	return at;
}

static struct blob new_blob(void)
{
	struct blob b = { calloc(1, 8), 8 };
	return b;
}

/* Ends the list and sets total_size; returns an exact-size heap copy. */
static uint8_t *finish(struct blob *b)
{
	uint8_t *exact;

	add_tag(b, MB2_TAG_END, NULL, 0);
	put32(b, 0, (uint32_t)b->size);
	exact = malloc(b->size);
	memcpy(exact, b->bytes, b->size);
	free(b->bytes);
	b->bytes = exact;
	return exact;
}

static struct blob grub_like(void)
{
	struct blob b = new_blob();
	const char name[] = "GRUB 2.06";
	const char cmdline[] = "lesson=02";
	uint8_t map[8 + 2 * 24] = { 0 };
	struct blob m = { map, sizeof(map) };

	put32(&m, 0, 24);	/* entry size */
	put32(&m, 4, 0);	/* entry version */
	put64(&m, 8, 0);
	put64(&m, 16, 0x9fc00);
	put32(&m, 24, MB2_MEMORY_AVAILABLE);
	put64(&m, 32, 0x100000);
	put64(&m, 40, 0x7ee0000);
	put32(&m, 48, MB2_MEMORY_AVAILABLE);

	add_tag(&b, MB2_TAG_COMMAND_LINE, cmdline, sizeof(cmdline));
	add_tag(&b, MB2_TAG_BOOTLOADER_NAME, name, sizeof(name));
	add_tag(&b, 99, "skip", 4);	/* unknown tags are skipped */
	add_tag(&b, MB2_TAG_MEMORY_MAP, map, sizeof(map));
	finish(&b);
	return b;
}

static void finds_strings(void **state)
{
	struct blob b = grub_like();
	const struct mb2_tag *tag;

	(void)state;
	tag = mb2_find(b.bytes, b.size, MB2_TAG_BOOTLOADER_NAME);
	assert_non_null(tag);
	assert_string_equal(mb2_tag_string(tag), "GRUB 2.06");
	tag = mb2_find(b.bytes, b.size, MB2_TAG_COMMAND_LINE);
	assert_string_equal(mb2_tag_string(tag), "lesson=02");
	assert_null(mb2_find(b.bytes, b.size, MB2_TAG_FRAMEBUFFER));
	free(b.bytes);
}

static void walks_every_tag_in_order(void **state)
{
	struct blob b = grub_like();
	struct mb2_iterator it;
	const struct mb2_tag *tag;
	uint32_t types[8];
	size_t n = 0;

	(void)state;
	assert_true(mb2_begin(&it, b.bytes, b.size));
	while ((tag = mb2_next(&it)) != NULL && n < 8)
		types[n++] = tag->type;
	assert_false(it.malformed);
	assert_int_equal(n, 4);
	assert_int_equal(types[0], MB2_TAG_COMMAND_LINE);
	assert_int_equal(types[1], MB2_TAG_BOOTLOADER_NAME);
	assert_int_equal(types[2], 99);
	assert_int_equal(types[3], MB2_TAG_MEMORY_MAP);
	free(b.bytes);
}

static void reads_the_memory_map(void **state)
{
	struct blob b = grub_like();
	const struct mb2_tag *map = mb2_find(b.bytes, b.size, MB2_TAG_MEMORY_MAP);

	(void)state;
	assert_int_equal(mb2_memory_region_count(map), 2);
	assert_int_equal(mb2_memory_region(map, 0)->length, 0x9fc00);
	assert_int_equal(mb2_memory_region(map, 1)->base, 0x100000);
	assert_int_equal(mb2_memory_region(map, 1)->type, MB2_MEMORY_AVAILABLE);
	assert_null(mb2_memory_region(map, 2));
	free(b.bytes);
}

static void rejects_bad_headers(void **state)
{
	struct mb2_iterator it;
	uint8_t *tiny = calloc(1, 4);
	uint8_t *header = calloc(1, 8);
	struct blob b = { header, 8 };

	(void)state;
	assert_false(mb2_begin(&it, tiny, 4));	/* not even a header */
	assert_true(it.malformed);
	put32(&b, 0, 4);			/* total_size below the header's */
	assert_false(mb2_begin(&it, header, 8));
	put32(&b, 0, 4096);			/* claims more than there is */
	assert_false(mb2_begin(&it, header, 8));
	assert_null(mb2_find(header, 8, MB2_TAG_COMMAND_LINE));
	free(tiny);
	free(header);
}

static void truncated_list_stops_as_malformed(void **state)
{
	struct blob b = grub_like();
	struct mb2_iterator it;
	size_t cut = 8 + 24 + 12;	/* inside the second tag: its header fits, its text not */
	uint8_t *truncated = malloc(cut);

	(void)state;
	memcpy(truncated, b.bytes, cut);
	memcpy(truncated, &(uint32_t){ (uint32_t)cut }, 4);
	assert_true(mb2_begin(&it, truncated, cut));
	assert_non_null(mb2_next(&it));		/* the command line still fits */
	assert_null(mb2_next(&it));		/* the name tag does not */
	assert_true(it.malformed);
	assert_null(mb2_find(truncated, cut, MB2_TAG_MEMORY_MAP));
	free(truncated);
	free(b.bytes);
}

static void tiny_tag_size_is_malformed(void **state)
{
	struct blob b = grub_like();
	struct mb2_iterator it;

	(void)state;
	put32(&b, 8 + 4, 4);	/* first tag says it is 4 bytes: smaller than its header */
	assert_true(mb2_begin(&it, b.bytes, b.size));
	assert_null(mb2_next(&it));
	assert_true(it.malformed);
	free(b.bytes);
}

static void missing_end_tag_stops_at_total_size(void **state)
{
	struct blob b = new_blob();
	struct mb2_iterator it;
	size_t count = 0;

	(void)state;
	add_tag(&b, MB2_TAG_COMMAND_LINE, "x", 2);
	put32(&b, 0, (uint32_t)b.size);		/* no end tag at all */
	assert_true(mb2_begin(&it, b.bytes, b.size));
	while (mb2_next(&it))
		count++;
	assert_int_equal(count, 1);
	assert_true(it.malformed);
	free(b.bytes);
}

static void unterminated_string_is_rejected(void **state)
{
	struct blob b = new_blob();
	const struct mb2_tag *tag;

	(void)state;
	add_tag(&b, MB2_TAG_BOOTLOADER_NAME, "GRUB", 4);	/* no NUL */
	finish(&b);
	tag = mb2_find(b.bytes, b.size, MB2_TAG_BOOTLOADER_NAME);
	assert_non_null(tag);
	assert_null(mb2_tag_string(tag));
	free(b.bytes);
}

static void bad_memory_map_entry_size(void **state)
{
	struct blob b = new_blob();
	uint8_t map[8 + 16] = { 0 };
	const struct mb2_tag *tag;

	(void)state;
	memcpy(map, &(uint32_t){ 16 }, 4);	/* entries smaller than a region */
	add_tag(&b, MB2_TAG_MEMORY_MAP, map, sizeof(map));
	finish(&b);
	tag = mb2_find(b.bytes, b.size, MB2_TAG_MEMORY_MAP);
	assert_int_equal(mb2_memory_region_count(tag), 0);
	assert_null(mb2_memory_region(tag, 0));
	free(b.bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_strings),
		cmocka_unit_test(walks_every_tag_in_order),
		cmocka_unit_test(reads_the_memory_map),
		cmocka_unit_test(rejects_bad_headers),
		cmocka_unit_test(truncated_list_stops_as_malformed),
		cmocka_unit_test(tiny_tag_size_is_malformed),
		cmocka_unit_test(missing_end_tag_stops_at_total_size),
		cmocka_unit_test(unterminated_string_is_rejected),
		cmocka_unit_test(bad_memory_map_entry_size),
	};
	return cmocka_run_group_tests_name("multiboot2", tests, NULL, NULL);
}
