/*
 * In-kernel tests: the kernel's page walk reads a table only where the
 * identity map really holds it. Each test points an unused level-4 entry
 * at a page the identity map leaves out, walks an address under it, and
 * puts the entry back: the walk must stop with PAGE_WALK_UNREADABLE
 * instead of faulting (inside a page-fault report, such a fault would
 * lose the report's walk).
 */
#include <stdint.h>
#include "kernel_layout.h"
#include "ktest.h"
#include "page_tables.h"
#include "paging.h"
#include "x86.h"

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
