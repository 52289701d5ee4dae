/*
 * Where new page tables and pages come from: a small static pool of
 * frames, handed out once each and never given back.
 */
#include <stdint.h>
#include "console.h"
#include "page_tables.h"

//! [pool]
/* Frames for new tables and pages: page-aligned, in .bss, so GRUB zeroed
 * them and the boot code identity-mapped them (physical = virtual). Their
 * type is a table's, 512 entries: C lets code read and write an object only
 * through its own type (or bytes), and the kernel mostly uses a frame as a
 * table. (As bytes, it could be used as uint64_t only with gcc's
 * -fno-strict-aliasing.) */
static uint64_t frame_pool[FRAME_POOL_SIZE][PAGE_TABLE_ENTRIES]
	__attribute__((aligned(PAGE_SIZE)));
_Static_assert(sizeof(frame_pool[0]) == PAGE_SIZE, "one frame is one page");
static unsigned frames_used;

uint64_t frame_alloc(void)
{
	if (frames_used == FRAME_POOL_SIZE)
		panicf("frame_alloc: all %u frames of the pool are in use", FRAME_POOL_SIZE);
	uint64_t frame = (uint64_t)(uintptr_t)frame_pool[frames_used++];
	volatile uint64_t *entries = (volatile uint64_t *)(uintptr_t)frame;

	for (unsigned i = 0; i < PAGE_TABLE_ENTRIES; i++)
		entries[i] = 0; /* a new table must start with no present entry */
	return frame;
}
//! [pool]
