/*
 * Lab 8.2's grader: pages of the demand-paged region are mapped on their
 * first touch, by the lesson's page-fault handler, and nothing else is.
 */
#include <stdint.h>
#include "demand_paging.h"
#include "error_code.h"
#include "kernel_init.h"
#include "ktest.h"
#include "page_tables.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

#define REGION_PAGE(n) (DEMAND_REGION_START + (n)*PAGE_SIZE)

KTEST(lab_demand_first_read_maps_a_zeroed_page)
{
	volatile uint64_t *word = (volatile uint64_t *)(uintptr_t)(REGION_PAGE(0) + 0x80);
	uint64_t physical = 0;
	struct page_walk walk;

	ASSERT(!translate(REGION_PAGE(0), &physical));
	ASSERT_EQ(*word, 0); /* faults, is mapped, reads again: a fresh frame is zero */
	ASSERT(translate(REGION_PAGE(0), &physical));
	ASSERT_EQ(page_tables_walk(REGION_PAGE(0), &walk), PAGE_WALK_MAPPED);
	ASSERT_EQ(walk.level, 1);
	ASSERT(walk.entry[1] & PTE_WRITABLE);
	ASSERT(walk.entry[1] & PTE_NO_EXECUTE);
}

KTEST(lab_demand_first_write_sticks)
{
	volatile char *byte = (volatile char *)(uintptr_t)(REGION_PAGE(5) + 0x123);
	uint64_t physical = 0;

	*byte = 'D';
	ASSERT_EQ(*byte, 'D');
	ASSERT(translate(REGION_PAGE(5) + 0x123, &physical));
	ASSERT_EQ(*(volatile char *)(uintptr_t)physical, 'D');
	/* Only the touched pages were mapped. */
	ASSERT(!translate(REGION_PAGE(4), &physical));
	ASSERT(!translate(REGION_PAGE(6), &physical));
}

KTEST(lab_demand_only_first_touches_in_the_region)
{
	uint64_t physical = 0;

	ASSERT(!demand_page(0xdeadbeef000ull, 0));
	ASSERT(!demand_page(DEMAND_REGION_START - 1, PAGE_FAULT_WRITE));
	ASSERT(!demand_page(DEMAND_REGION_START + DEMAND_REGION_SIZE, 0));
	ASSERT(!demand_page(REGION_PAGE(2), PAGE_FAULT_PRESENT | PAGE_FAULT_WRITE));
	ASSERT(!demand_page(REGION_PAGE(3), PAGE_FAULT_INSTRUCTION_FETCH));
	ASSERT(!translate(REGION_PAGE(2), &physical));
	ASSERT(!translate(REGION_PAGE(3), &physical));
	ASSERT(demand_page(REGION_PAGE(7) + 0xfff, PAGE_FAULT_WRITE));
	ASSERT(translate(REGION_PAGE(7), &physical));
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	ktest_run_file_and_exit(__FILE__);
}
