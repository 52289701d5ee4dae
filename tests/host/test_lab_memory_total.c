/*
 * Lab 2.1's grader: mb2_available_memory() (lessons/02-minimal-kernel/
 * multiboot2.c) adds up the lengths of the regions a memory-map tag
 * reports as available, skips the other types, and gives 0 for a tag it
 * cannot read. The tags are built here, each one ending where an
 * inaccessible page begins, so a read past its end stops the test (under
 * AddressSanitizer in make test, and in the grader's build without it).
 *
 * The instructor's hidden variant (tests/labs/hidden/) defines the maps and
 * totals below with other values and includes this file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include "multiboot2.h"

#define HEADER	   16 /* tag type, size, entry size, entry version */
#define ENTRY_SIZE 24 /* base, length, type, reserved */
#define RESERVED   2

struct region {
	uint64_t base, length;
	uint32_t type;
};

#ifndef QEMU_MAP
/* What SeaBIOS reports to GRUB for QEMU's -m 128M. */
#define QEMU_MAP                                                                  \
	{                                                                         \
		{ 0x0, 0x9fc00, MB2_MEMORY_AVAILABLE }, { 0x9fc00, 0x400, RESERVED },   \
		{ 0xf0000, 0x10000, RESERVED },                                   \
		{ 0x100000, 0x7ee0000, MB2_MEMORY_AVAILABLE },                    \
		{ 0x7fe0000, 0x20000, RESERVED }, { 0xfffc0000, 0x40000, RESERVED }, \
	}
#define QEMU_TOTAL 133692416
/* Other types than available (3 ACPI, 4 NVS, 5 bad RAM) do not count. */
#define TYPES_MAP                                                                 \
	{                                                                         \
		{ 0x0, 0x1000, 3 }, { 0x1000, 0x2000, 4 }, { 0x3000, 0x4000, 5 }, \
		{ 0x7000, 0x8000, MB2_MEMORY_AVAILABLE },                         \
	}
#define TYPES_TOTAL 0x8000
/* Regions above 4 GiB: 64-bit lengths and sums. */
#define BIG_MAP                                                                   \
	{                                                                         \
		{ 0x100000, 0xbff00000ull, MB2_MEMORY_AVAILABLE },                \
		{ 0x100000000ull, 0x240000000ull, MB2_MEMORY_AVAILABLE },         \
	}
#define BIG_TOTAL (0xbff00000ull + 0x240000000ull)
/* A newer firmware may send larger entries: the size is in the tag. */
#define WIDE_MAP                                                                  \
	{                                                                         \
		{ 0x0, 0x1000, MB2_MEMORY_AVAILABLE }, { 0x1000, 0x1000, RESERVED }, \
		{ 0x2000, 0x3000, MB2_MEMORY_AVAILABLE },                         \
	}
#define WIDE_ENTRY 32
#define WIDE_TOTAL 0x4000
#endif

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/*
 * size bytes that end where an inaccessible page begins: a read past the
 * end faults at once, with or without AddressSanitizer.
 */
static uint8_t *at_a_page_end(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (size + page - 1) / page * page;
	uint8_t *base = mmap(NULL, span + page, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(base != MAP_FAILED);
	assert_true(mprotect(base + span, page, PROT_NONE) == 0);
	return base + span - size;
}

/* Gives back what memory_map() took: the tag's size is in its header. */
static void release(struct mb2_tag *tag)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint32_t size;

	memcpy(&size, (uint8_t *)tag + 4, sizeof(size));
	munmap((uint8_t *)tag + size - (size + page - 1) / page * page,
	       (size + page - 1) / page * page + page);
}

/* A memory-map tag with these regions, its last byte just below an inaccessible page. */
static struct mb2_tag *memory_map(const struct region *regions, size_t count, uint32_t entry_size)
{
	size_t size = HEADER + count * entry_size;
	uint8_t *tag = at_a_page_end(size);
	uint32_t header[4] = { MB2_TAG_MEMORY_MAP, (uint32_t)size, entry_size, 0 };

	memcpy(tag, header, sizeof(header));
	for (size_t i = 0; i < count; i++) {
		uint8_t *entry = tag + HEADER + i * entry_size;

		memcpy(entry, &regions[i].base, 8);
		memcpy(entry + 8, &regions[i].length, 8);
		memcpy(entry + 16, &regions[i].type, 4);
	}
	return (struct mb2_tag *)tag;
}

static void qemu_128_mib(void **state)
{
	const struct region regions[] = QEMU_MAP;
	struct mb2_tag *tag = memory_map(regions, COUNT(regions), ENTRY_SIZE);

	(void)state;
	assert_int_equal(mb2_available_memory(tag), QEMU_TOTAL);
	release(tag);
}

static void only_available_regions_count(void **state)
{
	const struct region regions[] = TYPES_MAP;
	struct mb2_tag *tag = memory_map(regions, COUNT(regions), ENTRY_SIZE);

	(void)state;
	assert_int_equal(mb2_available_memory(tag), TYPES_TOTAL);
	release(tag);
}

static void more_than_4_gib(void **state)
{
	const struct region regions[] = BIG_MAP;
	struct mb2_tag *tag = memory_map(regions, COUNT(regions), ENTRY_SIZE);

	(void)state;
	assert_int_equal(mb2_available_memory(tag), BIG_TOTAL);
	release(tag);
}

static void larger_entries_are_stepped_over(void **state)
{
	const struct region regions[] = WIDE_MAP;
	struct mb2_tag *tag = memory_map(regions, COUNT(regions), WIDE_ENTRY);

	(void)state;
	assert_int_equal(mb2_available_memory(tag), WIDE_TOTAL);
	release(tag);
}

static void empty_or_malformed_maps_hold_nothing(void **state)
{
	const struct region one = { 0x0, 0x1000, MB2_MEMORY_AVAILABLE };
	struct mb2_tag *empty = memory_map(NULL, 0, ENTRY_SIZE);
	struct mb2_tag *bad_entry_size = memory_map(&one, 1, 20);

	(void)state;
	assert_int_equal(mb2_available_memory(empty), 0);
	assert_int_equal(mb2_available_memory(bad_entry_size), 0);
	release(empty);
	release(bad_entry_size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_128_mib),
		cmocka_unit_test(only_available_regions_count),
		cmocka_unit_test(more_than_4_gib),
		cmocka_unit_test(larger_entries_are_stepped_over),
		cmocka_unit_test(empty_or_malformed_maps_hold_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
