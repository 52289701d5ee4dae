/*
 * In-kernel tests of the live page tables: translations the boot code
 * set up, the worked example mapped with map_page(), the dump, and walks
 * that must not read a table where the identity map has a hole.
 */
#include <stdbool.h>
#include <stdint.h>
#include "kernel_layout.h"
#include "ktest.h"
#include "page_tables.h"
#include "paging.h"
#include "text_screen.h"
#include "x86.h"

KTEST(paging_vga_buffer_translates_to_itself)
{
	uint64_t physical = 0;
	/* Under UEFI the boot code moved the page to the RAM cells it draws. */
	uint64_t expected = text_screen_uses_framebuffer()
				    ? (uint64_t)(uintptr_t)text_screen_cells
				    : 0xb8000;

	ASSERT(translate(0xb8000, &physical));
	ASSERT_EQ(physical, expected);
}

KTEST(paging_kernel_function_translates_to_itself)
{
	uint64_t code = (uint64_t)(uintptr_t)&translate;
	uint64_t physical = 0;
	struct page_walk walk;

	ASSERT(translate(code, &physical));
	ASSERT_EQ(physical, code);
	/* Kernel text: a 4 KiB page, read-only and executable. */
	ASSERT_EQ(page_tables_walk(code, &walk), PAGE_WALK_MAPPED);
	ASSERT_EQ(walk.level, 1);
	ASSERT(!(walk.entry[1] & PTE_WRITABLE));
	ASSERT(!(walk.entry[1] & PTE_NO_EXECUTE));
}

KTEST(paging_unmapped_addresses_are_not_mapped)
{
	uint64_t physical = 0;
	struct page_walk walk;

	ASSERT(!translate(0x0000700000000000ull, &physical));
	ASSERT(!translate(IDENTITY_MAP_END, &physical));
	ASSERT(!translate(0xffffffff80000000ull, &physical));
	/* Page 0 is left out on purpose: the walk stops at level 1. */
	ASSERT_EQ(page_tables_walk(0, &walk), PAGE_WALK_NOT_MAPPED);
	ASSERT_EQ(walk.level, 1);
}

KTEST(paging_non_canonical_addresses_are_rejected)
{
	uint64_t physical = 0;

	ASSERT_EQ(page_tables_walk(0x0000800000000000ull, NULL), PAGE_WALK_NOT_CANONICAL);
	ASSERT(!translate(0x0000800000000000ull, &physical));
	ASSERT(!translate(0xdead000000000000ull, &physical));
}

KTEST(paging_worked_example)
{
	const uint64_t page = 0x803FE7F000ull, address = 0x803FE7F5CEull;
	uint64_t frame = frame_alloc();
	struct page_walk walk;

	map_page(page, frame, PTE_WRITABLE | PTE_NO_EXECUTE);
	ASSERT_EQ(page_tables_walk(address, &walk), PAGE_WALK_MAPPED);
	ASSERT_EQ(walk.index[4], 1);
	ASSERT_EQ(walk.index[3], 0);
	ASSERT_EQ(walk.index[2], 511);
	ASSERT_EQ(walk.index[1], 127);
	ASSERT_EQ(page_offset(address), 0x5ce);
	ASSERT_EQ(walk.physical_address, frame + 0x5ce);

	volatile char *through_page = (volatile char *)(uintptr_t)address;
	volatile char *through_frame = (volatile char *)(uintptr_t)(frame + 0x5ce);

	*through_page = 'P';
	ASSERT_EQ(*through_frame, 'P');
	*through_frame = 'F';
	ASSERT_EQ(*through_page, 'F');
}

/* A visitor that looks for the boot code's 511 huge pages. */
static void find_huge_run(void *context, const struct page_range *range)
{
	bool *found = context;

	if (range->level == 2 && range->first == 1 && range->count == 511 && range->is_page &&
	    range->virtual_address == 0x200000 && range->physical_address == 0x200000 &&
	    (range->flags & (PTE_HUGE | PTE_WRITABLE | PTE_NO_EXECUTE)) ==
		(PTE_HUGE | PTE_WRITABLE | PTE_NO_EXECUTE))
		*found = true;
}

KTEST(paging_dump_sees_the_boot_identity_map)
{
	bool found = false;

	ASSERT_EQ(
	    page_tables_visit(page_tables_root(), page_tables_read, find_huge_run, &found), 0);
	ASSERT(found);
}

/*
 * The kernel's walk reads a table only where the identity map really holds
 * it. Each test below points an unused level-4 entry at a page the identity
 * map leaves out, walks an address under it, and puts the entry back: the
 * walk must stop with PAGE_WALK_UNREADABLE instead of faulting (inside a
 * page-fault report, such a fault would lose the report's walk).
 */
/* A level-4 slot nothing maps (demand paging uses 160, the kernel 0). */
#define UNUSED_L4_INDEX 200

/* Walks an address under UNUSED_L4_INDEX, whose entry points at table. */
static enum page_walk_result walk_through(uint64_t table, struct page_walk *walk)
{
	volatile uint64_t *l4 = (volatile uint64_t *)(uintptr_t)page_tables_root();
	uint64_t address = canonical_address((uint64_t)UNUSED_L4_INDEX << 39);
	enum page_walk_result result;

	if (l4[UNUSED_L4_INDEX] != 0)
		return PAGE_WALK_BAD_ENTRY; /* the slot is in use: the test cannot run */
	/* Nothing touches that address, so the CPU never uses the entry. */
	l4[UNUSED_L4_INDEX] = table | PTE_PRESENT | PTE_WRITABLE;
	result = page_tables_walk(address, walk);
	l4[UNUSED_L4_INDEX] = 0;
	return result;
}

KTEST(page_walk_skips_a_table_in_a_guard_page)
{
	struct page_walk walk;

	ASSERT_EQ(walk_through((uintptr_t)__nmi_stack_guard, &walk), PAGE_WALK_UNREADABLE);
	ASSERT_EQ(walk.level, 3);
}

/* A page of its own, which the next test takes out of the identity map. */
static uint8_t unmapped_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

KTEST(page_walk_skips_a_table_in_an_unmapped_page)
{
	uint64_t page = (uintptr_t)unmapped_page;
	struct page_walk walk, own;
	enum page_walk_result result;

	ASSERT_EQ(page_tables_walk(page, &own), PAGE_WALK_MAPPED);
	ASSERT_EQ(own.level, 1); /* the kernel lies in the 4 KiB pages of the first 2 MiB */
	volatile uint64_t *leaf = (volatile uint64_t *)(uintptr_t)own.table[1];
	uint64_t saved = leaf[own.index[1]];

	/* Unmapped by hand (not with lab 8.1's unmap_page()), then back. */
	leaf[own.index[1]] = 0;
	invlpg(page);
	result = walk_through(page, &walk);
	leaf[own.index[1]] = saved;
	invlpg(page);
	ASSERT_EQ(result, PAGE_WALK_UNREADABLE);
	ASSERT_EQ(walk.level, 3);
}
