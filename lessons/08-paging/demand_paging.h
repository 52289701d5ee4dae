/**
 * @file
 * Demand paging in one small region: its pages get memory only when they
 * are first touched.
 *
 * No page of the region is mapped at first. The first access to one of
 * them raises a page fault ("not present"); the page-fault handler asks
 * demand_page() to map a fresh zeroed frame there and returns, and the
 * CPU runs the faulting instruction again, which now succeeds. This is
 * how a kernel gives a process a large heap or stack without spending
 * memory on the parts it never uses.
 */
#ifndef DEMAND_PAGING_H
#define DEMAND_PAGING_H

#include <stdbool.h>
#include <stdint.h>
#include "paging.h"

/** The first address of the demand-paged region (level-4 index 160: nothing else is there). */
#define DEMAND_REGION_START 0x0000500000000000ull
/** Size of the demand-paged region: eight 4 KiB pages. */
#define DEMAND_REGION_SIZE  (8 * PAGE_SIZE)

/**
 * Handles a page fault if it is one that demand paging answers (lab 8.2):
 * a read or a write (not an instruction fetch) of a not-present page
 * inside the region (from DEMAND_REGION_START up to, not including,
 * DEMAND_REGION_START + DEMAND_REGION_SIZE). The page that holds address
 * then gets a frame from frame_alloc(), zeroed, mapped writable and
 * no-execute; no other page is mapped.
 * @param address the address that faulted (CR2), any byte of its page
 * @param error_code the page fault's error code
 * @return true if the page is now mapped and the access can be retried;
 *         false for any other fault, which the caller reports
 */
bool demand_page(uint64_t address, uint64_t error_code);

#endif
