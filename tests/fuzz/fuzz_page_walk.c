/*
 * Fuzz harness: lesson 08's page-table walker and dump over synthetic
 * tables.
 *
 * The input fills up to four page tables, at the made-up physical
 * addresses 0x1000, 0x2000, 0x3000 and 0x4000 (table 0x1000 is the root);
 * the reader refuses any other address, as it would a table outside the
 * identity map. The last 8 bytes, if any, are a virtual address to walk.
 * A walk must end in one of its documented ways, and a mapped result must
 * be the frame plus the address's offset inside the page.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include "paging.h"

#define TABLES	     4
#define TABLE_BYTES  (512 * sizeof(uint64_t))
#define FIRST_TABLE  0x1000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t tables[TABLES][512];

static const uint64_t *read_table(void *context, uint64_t physical_address)
{
	(void)context;
	if (physical_address % 0x1000 != 0 || physical_address < FIRST_TABLE ||
	    physical_address >= FIRST_TABLE + TABLES * 0x1000u)
		return NULL;
	return tables[(physical_address - FIRST_TABLE) / 0x1000];
}

static void count_range(void *context, const struct page_range *range)
{
	unsigned *ranges = context;
	char flags[64];

	assert(range->level >= 1 && range->level <= PAGE_LEVELS);
	assert(range->count >= 1 && range->first + range->count <= 512);
	page_entry_flags(range->flags | PTE_PRESENT, range->level, flags, sizeof(flags));
	(*ranges)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t address = 0;
	struct page_walk walk;
	unsigned ranges = 0;

	memset(tables, 0, sizeof(tables));
	if (size >= 8) {
		memcpy(&address, data + size - 8, 8);
		size -= 8;
	}
	memcpy(tables, data, size < sizeof(tables) ? size : sizeof(tables));

	switch (page_walk(FIRST_TABLE, address, read_table, NULL, &walk)) {
	case PAGE_WALK_MAPPED:
		assert(walk.page_size == page_level_size(walk.level));
		assert(walk.physical_address % walk.page_size ==
		       address % walk.page_size);
		break;
	case PAGE_WALK_NOT_CANONICAL:
		assert(!is_canonical(address));
		break;
	case PAGE_WALK_NOT_MAPPED:
	case PAGE_WALK_BAD_ENTRY:
	case PAGE_WALK_UNREADABLE:
		assert(walk.level >= 1 && walk.level <= PAGE_LEVELS);
		break;
	default:
		assert(!"page_walk returned an unknown result");
	}
	(void)page_tables_visit(FIRST_TABLE, read_table, count_range, &ranges);
	return 0;
}
