/*
 * Lab 2.1's hidden variant (instructor-only: tools/handout.py leaves it
 * out). mb2_available_memory() on other memory maps than the public test's:
 * other sizes, types and entry sizes, each tag on the heap at its exact
 * size (AddressSanitizer catches a read past its end).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "multiboot2.h"

#define HEADER 16 /* tag type, size, entry size, entry version */

struct region {
	uint64_t base, length;
	uint32_t type;
};

static struct mb2_tag *memory_map(const struct region *regions, size_t count, uint32_t entry_size)
{
	size_t size = HEADER + count * entry_size;
	uint8_t *tag = calloc(1, size);
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

static void qemu_512_mib_with_acpi(void **state)
{
	const struct region regions[] = {
		{ 0x0, 0x9f000, MB2_MEMORY_AVAILABLE },	  { 0x9f000, 0x1000, 2 },
		{ 0xe8000, 0x18000, 2 },		  { 0x100000, 0x1fe00000, MB2_MEMORY_AVAILABLE },
		{ 0x1ff00000, 0x80000, 3 },		  { 0x1ff80000, 0x80000, 4 },
		{ 0xfeffc000, 0x4000, 2 },
	};
	struct mb2_tag *tag = memory_map(regions, 7, 24);

	(void)state;
	assert_int_equal(mb2_available_memory(tag), 0x9f000 + 0x1fe00000);
	free(tag);
}

static void one_region_in_40_byte_entries(void **state)
{
	const struct region regions[] = {
		{ 0x200000, 0x3fe00000, MB2_MEMORY_AVAILABLE },
		{ 0x40000000, 0x1000, 5 },
	};
	struct mb2_tag *tag = memory_map(regions, 2, 40);

	(void)state;
	assert_int_equal(mb2_available_memory(tag), 0x3fe00000);
	free(tag);
}

static void sixty_four_gib(void **state)
{
	const struct region regions[] = {
		{ 0x0, 0x80000, MB2_MEMORY_AVAILABLE },
		{ 0x100000000ull, 0xf00000000ull, MB2_MEMORY_AVAILABLE },
		{ 0x1000000000ull, 0x100000000ull, MB2_MEMORY_AVAILABLE },
	};
	struct mb2_tag *tag = memory_map(regions, 3, 24);

	(void)state;
	assert_int_equal(mb2_available_memory(tag), 0x80000 + 0xf00000000ull + 0x100000000ull);
	free(tag);
}

static void nothing_available(void **state)
{
	const struct region regions[] = { { 0x0, 0x100000, 2 }, { 0x100000, 0x100000, 4 } };
	struct mb2_tag *tag = memory_map(regions, 2, 24);

	(void)state;
	assert_int_equal(mb2_available_memory(tag), 0);
	free(tag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_512_mib_with_acpi),
		cmocka_unit_test(one_region_in_40_byte_entries),
		cmocka_unit_test(sixty_four_gib),
		cmocka_unit_test(nothing_available),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
