/*
 * Lab 8.2's grader: pages of the demand-paged region are mapped on their
 * first touch, by the lesson's page-fault handler, and nothing else is.
 *
 * The host does not take the kernel's word for the first two tests: at
 * checkpoints it walks the page tables itself and must find each touched
 * page not mapped before the touch, mapped after it, and the write's
 * neighbours still not mapped (lab_demand_paging.test). The instructor's
 * hidden variant builds this file with other pages (LAB_DEMAND_READ_PAGE,
 * LAB_DEMAND_WRITE_PAGE).
 */
#include <stdint.h>
#include "demand_paging.h"
#include "error_code.h"
#include "host_checkpoint.h"
#include "kernel_init.h"
#include "ktest.h"
#include "page_tables.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

#define REGION_PAGE(n) (DEMAND_REGION_START + (n)*PAGE_SIZE)

/* The page the first test reads and the one the second writes; neither may
   be 2, 3 or 7 (the third test's), nor next to the other. */
#ifndef LAB_DEMAND_READ_PAGE
#define LAB_DEMAND_READ_PAGE 0
#endif
#ifndef LAB_DEMAND_WRITE_PAGE
#define LAB_DEMAND_WRITE_PAGE 5
#endif

KTEST(lab_demand_first_read_maps_a_zeroed_page)
{
	uint64_t page = REGION_PAGE(LAB_DEMAND_READ_PAGE);
	volatile uint64_t *word = (volatile uint64_t *)(uintptr_t)(page + 0x80);
	uint64_t physical = 0;
	struct page_walk walk;

	ASSERT(!translate(page, &physical));
	host_checkpoint("page 0x%lx unmapped", page);
	ASSERT_EQ(*word, 0); /* faults, is mapped, reads again: a fresh frame is zero */
	host_checkpoint("page 0x%lx mapped", page);
	ASSERT(translate(page, &physical));
	ASSERT_EQ(page_tables_walk(page, &walk), PAGE_WALK_MAPPED);
	ASSERT_EQ(walk.level, 1);
	ASSERT(walk.entry[1] & PTE_WRITABLE);
	ASSERT(walk.entry[1] & PTE_NO_EXECUTE);
}

KTEST(lab_demand_first_write_sticks)
{
	uint64_t page = REGION_PAGE(LAB_DEMAND_WRITE_PAGE);
	volatile char *byte = (volatile char *)(uintptr_t)(page + 0x123);
	uint64_t physical = 0;

	*byte = 'D';
	host_checkpoint("page 0x%lx mapped, 0x%lx and 0x%lx unmapped", page,
			(uint64_t)(page - PAGE_SIZE), (uint64_t)(page + PAGE_SIZE));
	ASSERT_EQ(*byte, 'D');
	ASSERT(translate(page + 0x123, &physical));
	ASSERT_EQ(*(volatile char *)(uintptr_t)physical, 'D');
	/* Only the touched pages were mapped. */
	ASSERT(!translate(page - PAGE_SIZE, &physical));
	ASSERT(!translate(page + PAGE_SIZE, &physical));
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
