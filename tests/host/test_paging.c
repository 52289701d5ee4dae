/*
 * Host tests of lessons/08-paging/paging.c: the split of a virtual address
 * into indices, canonical addresses, entry flags in words, and the
 * page-table walker and dump run over synthetic tables kept at made-up
 * physical addresses, including the worked example of the chapter
 * (0x803FE7F5CE through indices 1, 0, 511, 127).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "paging.h"

#define KIB 0x400ull
#define MIB 0x100000ull
#define GIB 0x40000000ull
#define P   PTE_PRESENT
#define W   PTE_WRITABLE
#define NX  PTE_NO_EXECUTE
#define H   PTE_HUGE

/* Physical memory as the walker sees it: a few tables at chosen addresses. */
#define MAX_TABLES 8
struct memory {
	uint64_t address[MAX_TABLES];
	uint64_t *table[MAX_TABLES];
	unsigned count;
	unsigned reads;
};

static uint64_t *new_table(struct memory *m, uint64_t physical)
{
	assert_true(m->count < MAX_TABLES);
	assert_int_equal(physical % PAGE_SIZE, 0);
	m->address[m->count] = physical;
	m->table[m->count] = calloc(PAGE_TABLE_ENTRIES, sizeof(uint64_t));
	return m->table[m->count++];
}

static void free_memory(struct memory *m)
{
	for (unsigned i = 0; i < m->count; i++)
		free(m->table[i]);
}

static const uint64_t *read_table(void *context, uint64_t physical)
{
	struct memory *m = context;

	m->reads++;
	for (unsigned i = 0; i < m->count; i++)
		if (m->address[i] == physical)
			return m->table[i];
	return NULL;
}

static enum page_walk_result walk(struct memory *m, uint64_t root, uint64_t virtual_address,
				  struct page_walk *w)
{
	return page_walk(root, virtual_address, read_table, m, w);
}

/* ---- address arithmetic ---- */

static void worked_example_indices(void **state)
{
	const uint64_t va = 0x803FE7F5CEull;

	(void)state;
	assert_int_equal(page_table_index(va, 4), 1);
	assert_int_equal(page_table_index(va, 3), 0);
	assert_int_equal(page_table_index(va, 2), 511);
	assert_int_equal(page_table_index(va, 1), 127);
	assert_int_equal(page_offset(va), 0x5ce);
	/* The page 0x803FE00000 shares the level-1 table, at index 0. */
	assert_int_equal(page_table_index(0x803FE00000ull, 2), 511);
	assert_int_equal(page_table_index(0x803FE00000ull, 1), 0);
}

static void indices_rebuild_the_address(void **state)
{
	static const uint64_t addresses[] = {
	    0,
	    0xb8000,
	    0x1ff000,
	    0x803FE7F5CE,
	    0x00007fffffffffff,
	    0xffff800000000000,
	    0xffffffff80001234,
	    0xffffffffffffffff,
	};

	(void)state;
	assert_int_equal(page_table_index(0xb8000, 1), 184);
	for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++) {
		uint64_t rebuilt = page_offset(addresses[i]);

		for (unsigned level = 1; level <= 4; level++) {
			assert_true(page_table_index(addresses[i], level) < 512);
			rebuilt |= (uint64_t)page_table_index(addresses[i], level)
				   << (12 + 9 * (level - 1));
		}
		assert_int_equal(canonical_address(rebuilt), addresses[i]);
	}
}

static void level_sizes(void **state)
{
	(void)state;
	assert_int_equal(page_level_size(1), 4 * KIB);
	assert_int_equal(page_level_size(2), 2 * MIB);
	assert_int_equal(page_level_size(3), GIB);
	assert_int_equal(page_level_size(4), 512 * GIB);
}

static void canonical_addresses(void **state)
{
	(void)state;
	assert_true(is_canonical(0));
	assert_true(is_canonical(0x00007fffffffffffull));
	assert_true(is_canonical(0xffff800000000000ull));
	assert_true(is_canonical(0xffffffffffffffffull));
	assert_false(is_canonical(0x0000800000000000ull));
	assert_false(is_canonical(0xffff7fffffffffffull));
	assert_false(is_canonical(0x8000000000000000ull));
	assert_false(is_canonical(0x0001000000000000ull));
	assert_int_equal(canonical_address(0x0000800000000000ull), 0xffff800000000000ull);
	assert_int_equal(canonical_address(0x1234000000000000ull), 0);
}

/* ---- entry decoding ---- */

static void entry_flags_in_words(void **state)
{
	char text[64];

	(void)state;
	page_entry_flags(0, 1, text, sizeof(text));
	assert_string_equal(text, "-");
	page_entry_flags(W | NX, 1, text, sizeof(text));
	assert_string_equal(text, "-"); /* not present: nothing else counts */
	page_entry_flags(0x1000 | P | W | NX, 1, text, sizeof(text));
	assert_string_equal(text, "P W NX");
	page_entry_flags(0x200000 | P | W | H | NX, 2, text, sizeof(text));
	assert_string_equal(text, "P W H NX");
	page_entry_flags(P | H, 1, text, sizeof(text));
	assert_string_equal(text, "P PAT");
	page_entry_flags(P | H, 4, text, sizeof(text));
	assert_string_equal(text, "P RESERVED7");
	page_entry_flags(0x7fffff00000001ffull | NX, 3, text, sizeof(text));
	assert_string_equal(text, "P W U PWT PCD A D H G NX");
	/* A short buffer gets a cut, terminated string. */
	assert_int_equal(page_entry_flags(P | W | NX, 2, text, 4), 3);
	assert_string_equal(text, "P W");
	assert_int_equal(page_entry_flags(P, 2, text, 1), 0);
	assert_string_equal(text, "");
}

/* ---- the walker ---- */

/*
 * The worked example: level 4 at 0x10000, level 3 at 0x11000, level 2 at
 * 0x12000, level 1 at 0x13000; the page 0x803FE7F000 maps to frame 0x3000
 * and 0x803FE00000, in the same level-1 table, to 0x7000.
 */
static uint64_t build_worked_example(struct memory *m)
{
	uint64_t *l4 = new_table(m, 0x10000);
	uint64_t *l3 = new_table(m, 0x11000);
	uint64_t *l2 = new_table(m, 0x12000);
	uint64_t *l1 = new_table(m, 0x13000);

	l4[1] = 0x11000 | P | W;
	l3[0] = 0x12000 | P | W;
	l2[511] = 0x13000 | P | W;
	l1[127] = 0x3000 | P | W | NX;
	l1[0] = 0x7000 | P;
	return 0x10000;
}

static void worked_example_translation(void **state)
{
	struct memory m = {0};
	uint64_t root = build_worked_example(&m);
	struct page_walk w, neighbour;

	(void)state;
	assert_int_equal(walk(&m, root, 0x803FE7F5CE, &w), PAGE_WALK_MAPPED);
	assert_int_equal(w.physical_address, 0x35ce);
	assert_int_equal(w.page_size, 4 * KIB);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.index[4], 1);
	assert_int_equal(w.index[3], 0);
	assert_int_equal(w.index[2], 511);
	assert_int_equal(w.index[1], 127);
	assert_int_equal(w.table[4], 0x10000);
	assert_int_equal(w.table[1], 0x13000);
	assert_int_equal(w.entry[1], 0x3000 | P | W | NX);

	assert_int_equal(walk(&m, root, 0x803FE00000, &neighbour), PAGE_WALK_MAPPED);
	assert_int_equal(neighbour.table[1], w.table[1]);
	assert_int_equal(neighbour.index[1], 0);
	assert_int_equal(neighbour.physical_address, 0x7000);
	/* The next page of the table is not mapped. */
	assert_int_equal(walk(&m, root, 0x803FE80000, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(w.level, 1);
	/* A NULL walk record is allowed. */
	assert_int_equal(walk(&m, root, 0x803FE7F000, NULL), PAGE_WALK_MAPPED);
	free_memory(&m);
}

static void not_mapped_at_each_level(void **state)
{
	struct memory m = {0};
	uint64_t root = build_worked_example(&m);
	struct page_walk w;

	(void)state;
	assert_int_equal(walk(&m, root, 0x0000000000001000, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(w.level, 4); /* level-4 index 0 is empty */
	assert_int_equal(walk(&m, root, 0x0000008040000000, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(w.level, 3); /* level-3 index 1 is empty */
	assert_int_equal(walk(&m, root, 0x0000008000000000, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(w.level, 2); /* level-2 index 0 is empty */
	assert_int_equal(walk(&m, root, 0x803FE01000, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.physical_address, 0);
	free_memory(&m);
}

static void non_canonical_is_rejected_before_reading(void **state)
{
	struct memory m = {0};
	uint64_t root = build_worked_example(&m);
	struct page_walk w;

	(void)state;
	/* 0x803FE7F5CE with bit 52 set: same indices, but not canonical. */
	assert_int_equal(walk(&m, root, 0x001000803FE7F5CEull, &w), PAGE_WALK_NOT_CANONICAL);
	assert_int_equal(walk(&m, root, 0x0000800000000000ull, &w), PAGE_WALK_NOT_CANONICAL);
	assert_int_equal(m.reads, 0);
	free_memory(&m);
}

/*
 * The tables of the huge-page tests: level 4 at 0x1000, level 3 at 0x2000
 * and level 2 at 0x3000, entry 0 of each pointing to the next, so that
 * l3[i] maps virtual i GiB and l2[i] virtual 2*i MiB.
 */
static void huge_page_tables(struct memory *m, uint64_t **l3, uint64_t **l2)
{
	uint64_t *l4 = new_table(m, 0x1000);

	*l3 = new_table(m, 0x2000);
	*l2 = new_table(m, 0x3000);
	l4[0] = 0x2000 | P | W;
	(*l3)[0] = 0x3000 | P | W;
}

static void huge_pages(void **state)
{
	struct memory m = {0};
	uint64_t *l3, *l2;
	struct page_walk w;

	(void)state;
	huge_page_tables(&m, &l3, &l2);
	/* 1 GiB page at level 3, index 2 (virtual 2-3 GiB) -> physical 5 GiB,
	 * with bit 12 (its PAT bit) set: it must not leak into the address. */
	l3[2] = 5 * GIB | 0x1000 | P | W | H;
	/* 2 MiB page at level 2, index 3 (virtual 6-8 MiB) -> physical 64 MiB. */
	l2[3] = 64 * MIB | 0x1000 | P | H | NX;

	assert_int_equal(walk(&m, 0x1000, 2 * GIB + 0x12345678, &w), PAGE_WALK_MAPPED);
	assert_int_equal(w.physical_address, 5 * GIB + 0x12345678);
	assert_int_equal(w.page_size, GIB);
	assert_int_equal(w.level, 3);

	assert_int_equal(walk(&m, 0x1000, 6 * MIB + 0x1abcde, &w), PAGE_WALK_MAPPED);
	assert_int_equal(w.physical_address, 64 * MIB + 0x1abcde);
	assert_int_equal(w.page_size, 2 * MIB);
	assert_int_equal(w.level, 2);
	assert_int_equal(page_entry_address(l2[3], 2), 64 * MIB);
	assert_int_equal(page_entry_address(l2[3], 1), 64 * MIB | 0x1000);

	/* The same entries without the huge bit would point to tables. */
	assert_int_equal(walk(&m, 0x1000, 8 * MIB, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(w.level, 2);
	free_memory(&m);
}

static void bad_entries_and_unreadable_tables(void **state)
{
	struct memory m = {0};
	uint64_t *l4 = new_table(&m, 0x1000);
	struct page_walk w;

	(void)state;
	l4[0] = 0x2000 | P | W | H; /* bit 7 is reserved in level 4 */
	l4[1] = 0x9000 | P | W;	    /* no table at 0x9000 */
	assert_int_equal(walk(&m, 0x1000, 0x1000, &w), PAGE_WALK_BAD_ENTRY);
	assert_int_equal(w.level, 4);
	assert_int_equal(walk(&m, 0x1000, 0x8000000000, &w), PAGE_WALK_UNREADABLE);
	assert_int_equal(w.level, 3);
	assert_int_equal(w.table[3], 0x9000);
	/* CR3's low bits (PWT, PCD) are flags, not part of the address. */
	assert_int_equal(walk(&m, 0x1000 | 0x18, 0x1000, &w), PAGE_WALK_BAD_ENTRY);
	assert_int_equal(walk(&m, 0x5000, 0x1000, &w), PAGE_WALK_UNREADABLE);
	assert_int_equal(w.level, 4);
	free_memory(&m);
}

/*
 * A huge page's frame is aligned to its size, so the address bits below
 * that, above bit 12 (PAT), must be 0: the CPU raises a page fault with
 * the "reserved bit" flag for such an entry, and the walk must not map it.
 */
static void huge_entries_with_reserved_bits(void **state)
{
	struct memory m = {0};
	uint64_t *l3, *l2;
	struct page_walk w;

	(void)state;
	huge_page_tables(&m, &l3, &l2);
	l3[1] = 5 * GIB | 1ull << 13 | P | W | H;  /* bit 13: reserved at 1 GiB */
	l3[2] = 6 * GIB | 1ull << 29 | P | W | H;  /* bit 29: the last reserved one */
	l3[3] = 7 * GIB | 1ull << 12 | P | W | H;  /* bit 12 is PAT: allowed */
	l2[1] = 64 * MIB | 1ull << 20 | P | W | H; /* bit 20: reserved at 2 MiB */
	l2[2] = 66 * MIB | 1ull << 12 | P | W | H; /* PAT again */
	assert_int_equal(walk(&m, 0x1000, 1 * GIB, &w), PAGE_WALK_BAD_ENTRY);
	assert_int_equal(w.level, 3);
	assert_int_equal(walk(&m, 0x1000, 2 * GIB, &w), PAGE_WALK_BAD_ENTRY);
	assert_int_equal(walk(&m, 0x1000, 3 * GIB + 5, &w), PAGE_WALK_MAPPED);
	assert_int_equal(w.physical_address, 7 * GIB + 5);
	assert_int_equal(walk(&m, 0x1000, 2 * MIB, &w), PAGE_WALK_BAD_ENTRY);
	assert_int_equal(w.level, 2);
	assert_int_equal(walk(&m, 0x1000, 4 * MIB + 7, &w), PAGE_WALK_MAPPED);
	assert_int_equal(w.physical_address, 66 * MIB + 7);
	free_memory(&m);
}

/*
 * The layout boot32.asm builds: the first 1 GiB identity-mapped, the first
 * 2 MiB in 4 KiB pages with page 0 left out, the rest in 2 MiB pages.
 */
static uint64_t build_boot_like(struct memory *m)
{
	uint64_t *l4 = new_table(m, 0x101000);
	uint64_t *l3 = new_table(m, 0x102000);
	uint64_t *l2 = new_table(m, 0x103000);
	uint64_t *l1 = new_table(m, 0x104000);

	l4[0] = 0x102000 | P | W;
	l3[0] = 0x103000 | P | W;
	l2[0] = 0x104000 | P | W;
	for (uint64_t i = 1; i < 512; i++)
		l2[i] = i * 2 * MIB | P | W | H | NX;
	for (uint64_t i = 1; i < 512; i++)
		l1[i] = i * PAGE_SIZE | P | (i >= 0x100 && i < 0x110 ? 0 : W | NX);
	l1[7] |= PTE_ACCESSED | PTE_DIRTY; /* used memory: must not split a run */
	l1[0x1ff] = 0;			   /* a guard page */
	return 0x101000;
}

static void identity_map_translates_to_itself(void **state)
{
	struct memory m = {0};
	uint64_t root = build_boot_like(&m);
	struct page_walk w;

	(void)state;
	assert_int_equal(walk(&m, root, 0xb8000, &w), PAGE_WALK_MAPPED);
	assert_int_equal(w.physical_address, 0xb8000);
	assert_int_equal(walk(&m, root, 0x3fffffff, &w), PAGE_WALK_MAPPED);
	assert_int_equal(w.physical_address, 0x3fffffff);
	assert_int_equal(walk(&m, root, 0, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(walk(&m, root, 0x1ff000, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(walk(&m, root, 0x40000000, &w), PAGE_WALK_NOT_MAPPED);
	assert_int_equal(walk(&m, root, 0xffff800000000000ull, &w), PAGE_WALK_NOT_MAPPED);
	free_memory(&m);
}

/* ---- the dump ---- */

#define MAX_RANGES 16
struct dump {
	struct memory memory;
	struct page_range ranges[MAX_RANGES];
	unsigned count;
};

static const uint64_t *dump_read(void *context, uint64_t physical)
{
	return read_table(&((struct dump *)context)->memory, physical);
}

static void record(void *context, const struct page_range *range)
{
	struct dump *d = context;

	assert_true(d->count < MAX_RANGES);
	d->ranges[d->count++] = *range;
}

static void check_range(const struct page_range *r, unsigned level, unsigned first, unsigned count,
			uint64_t virtual_address, uint64_t physical, uint64_t flags, bool is_page)
{
	assert_int_equal(r->level, level);
	assert_int_equal(r->first, first);
	assert_int_equal(r->count, count);
	assert_int_equal(r->virtual_address, virtual_address);
	assert_int_equal(r->physical_address, physical);
	assert_int_equal(r->flags, flags);
	assert_int_equal(r->is_page, is_page);
}

static void dump_groups_runs_of_pages(void **state)
{
	struct dump d = {0};
	uint64_t root = build_boot_like(&d.memory);

	(void)state;
	assert_int_equal(page_tables_visit(root, dump_read, record, &d), 0);
	assert_int_equal(d.count, 7);
	check_range(&d.ranges[0], 4, 0, 1, 0, 0x102000, P | W, false);
	check_range(&d.ranges[1], 3, 0, 1, 0, 0x103000, P | W, false);
	check_range(&d.ranges[2], 2, 0, 1, 0, 0x104000, P | W, false);
	check_range(&d.ranges[3], 1, 1, 0xff, 0x1000, 0x1000, P | W | NX, true);
	check_range(&d.ranges[4], 1, 0x100, 0x10, 0x100000, 0x100000, P, true);
	check_range(&d.ranges[5], 1, 0x110, 0xef, 0x110000, 0x110000, P | W | NX, true);
	check_range(&d.ranges[6], 2, 1, 511, 2 * MIB, 2 * MIB, P | W | H | NX, true);
	free_memory(&d.memory);
}

static void dump_of_the_worked_example(void **state)
{
	struct dump d = {0};
	uint64_t root = build_worked_example(&d.memory);

	(void)state;
	assert_int_equal(page_tables_visit(root, dump_read, record, &d), 0);
	assert_int_equal(d.count, 5);
	check_range(&d.ranges[0], 4, 1, 1, 0x8000000000, 0x11000, P | W, false);
	check_range(&d.ranges[1], 3, 0, 1, 0x8000000000, 0x12000, P | W, false);
	check_range(&d.ranges[2], 2, 511, 1, 0x803FE00000, 0x13000, P | W, false);
	/* Index 0 and index 127 are not neighbours: two ranges. */
	check_range(&d.ranges[3], 1, 0, 1, 0x803FE00000, 0x7000, P, true);
	check_range(&d.ranges[4], 1, 127, 1, 0x803FE7F000, 0x3000, P | W | NX, true);
	free_memory(&d.memory);
}

static void dump_of_the_upper_half_and_unreadable_tables(void **state)
{
	struct dump d = {0};
	uint64_t *l4 = new_table(&d.memory, 0x1000);
	uint64_t *l3 = new_table(&d.memory, 0x2000);

	(void)state;
	l4[511] = 0x2000 | P | W;
	l3[510] = 0 | P | W | H; /* 1 GiB page: the kernel's -2 GiB */
	l4[300] = 0x8000 | P;	 /* no table there */
	assert_int_equal(page_tables_visit(0x1000, dump_read, record, &d), 1);
	assert_int_equal(d.count, 3);
	check_range(&d.ranges[0], 4, 300, 1, 0xffff960000000000ull, 0x8000, P, false);
	check_range(&d.ranges[1], 4, 511, 1, 0xffffff8000000000ull, 0x2000, P | W, false);
	check_range(&d.ranges[2], 3, 510, 1, 0xffffffff80000000ull, 0, P | W | H, true);
	free_memory(&d.memory);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(worked_example_indices),
	    cmocka_unit_test(indices_rebuild_the_address),
	    cmocka_unit_test(level_sizes),
	    cmocka_unit_test(canonical_addresses),
	    cmocka_unit_test(entry_flags_in_words),
	    cmocka_unit_test(worked_example_translation),
	    cmocka_unit_test(not_mapped_at_each_level),
	    cmocka_unit_test(non_canonical_is_rejected_before_reading),
	    cmocka_unit_test(huge_pages),
	    cmocka_unit_test(bad_entries_and_unreadable_tables),
	    cmocka_unit_test(huge_entries_with_reserved_bits),
	    cmocka_unit_test(identity_map_translates_to_itself),
	    cmocka_unit_test(dump_groups_runs_of_pages),
	    cmocka_unit_test(dump_of_the_worked_example),
	    cmocka_unit_test(dump_of_the_upper_half_and_unreadable_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
