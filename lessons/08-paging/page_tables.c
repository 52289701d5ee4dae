/*
 * The live hierarchy: reading its tables through the identity map,
 * walking and translating, and mapping and unmapping pages (with tables
 * from frame_pool.c). page_tables_print.c prints it.
 */
#include <stddef.h>
#include "page_tables.h"
#include "console.h"
#include "kernel_layout.h"
#include "panic.h"
#include "x86.h"

//! [reader]
/*
 * The walker asks for tables by physical address. The boot code mapped
 * physical 0 - 1 GiB at the same virtual addresses, so below 1 GiB the
 * physical address is the pointer. The map has holes, though: page 0 (left
 * out to catch null pointers), the guard pages of the kernel's stacks, and
 * whatever unmap_page() has taken out since. An entry can point anywhere,
 * and the page-fault handler walks the tables while it reports a fault: a
 * read from a hole would fault inside that report and lose it. So a table
 * is read only once its own page is found mapped, by a walk of its address
 * that reads nothing but tables inside the range and off the guard pages.
 * (That walk reads the few tables that map the identity map itself, which
 * nothing unmaps.)
 */
static bool inside_identity_map(uint64_t physical)
{
	return physical >= PAGE_SIZE && physical + PAGE_SIZE <= IDENTITY_MAP_END &&
	       !kernel_guard_page(physical);
}

static const uint64_t *read_inside_identity_map(void *context, uint64_t physical)
{
	(void)context;
	return inside_identity_map(physical) ? (const uint64_t *)(uintptr_t)physical : NULL;
}

const uint64_t *page_tables_read(void *context, uint64_t physical)
{
	struct page_walk walk;

	(void)context;
	if (!inside_identity_map(physical))
		return NULL;
	if (page_walk(page_tables_root(), physical, read_inside_identity_map, NULL, &walk) !=
		PAGE_WALK_MAPPED ||
	    walk.physical_address != physical)
		return NULL; /* a hole in the identity map */
	return (const uint64_t *)(uintptr_t)physical;
}
//! [reader]

uint64_t page_tables_root(void)
{
	return read_cr3() & PTE_ADDRESS_MASK;
}

enum page_walk_result page_tables_walk(uint64_t virtual_address, struct page_walk *walk)
{
	return page_walk(page_tables_root(), virtual_address, page_tables_read, NULL, walk);
}

//! [translate]
bool translate(uint64_t virtual_address, uint64_t *physical_address)
{
	struct page_walk walk;

	if (page_tables_walk(virtual_address, &walk) != PAGE_WALK_MAPPED)
		return false;
	*physical_address = walk.physical_address;
	return true;
}
//! [translate]

/* A table to change. Writes go through volatile: the CPU's page walker,
 * not just our code, reads this memory. */
static volatile uint64_t *writable_table(uint64_t physical)
{
	if (!page_tables_read(NULL, physical))
		panicf("map_page: table at 0x%llx is not mapped in the identity map",
		       (unsigned long long)physical);
	return (volatile uint64_t *)(uintptr_t)physical;
}

//! [map]
void map_page(uint64_t virtual_address, uint64_t physical_address, uint64_t flags)
{
	if (!is_canonical(virtual_address) || page_offset(virtual_address) != 0)
		panicf("map_page: 0x%llx is not a canonical, 4 KiB aligned address",
		       (unsigned long long)virtual_address);
	if (physical_address & ~PTE_ADDRESS_MASK)
		panicf("map_page: 0x%llx is not a 4 KiB aligned physical address",
		       (unsigned long long)physical_address);

	volatile uint64_t *table = writable_table(page_tables_root());

	for (unsigned level = PAGE_LEVELS; level > 1; level--) {
		volatile uint64_t *entry = &table[page_table_index(virtual_address, level)];

		if (!(*entry & PTE_PRESENT)) {
			/* Upper levels allow everything; the level-1 entry decides. */
			*entry = frame_alloc() | PTE_PRESENT | PTE_WRITABLE | (flags & PTE_USER);
		} else if (page_entry_is_page(*entry, level)) {
			panicf("map_page: 0x%llx lies inside a %s page",
			       (unsigned long long)virtual_address,
			       page_size_name(page_level_size(level)));
		}
		table = writable_table(page_entry_address(*entry, level));
	}
	volatile uint64_t *leaf = &table[page_table_index(virtual_address, 1)];

	/* Replacing a mapping silently would hide a bug (xv6 panics "remap"):
	 * whoever wants to move a page unmaps it first. */
	if (*leaf & PTE_PRESENT)
		panicf("map_page: 0x%llx is already mapped (entry 0x%llx): unmap it first",
		       (unsigned long long)virtual_address, (unsigned long long)*leaf);
	/* Only flag bits: address bits in flags would change the frame. */
	*leaf = physical_address | (flags & ~PTE_ADDRESS_MASK) | PTE_PRESENT;
	/* The TLB may still hold the old translation of this page: drop it. */
	invlpg(virtual_address);
}
//! [map]

void unmap_page(uint64_t virtual_address)
{
	// LAB 8.1 BEGIN: unmap a page
	struct page_walk walk;

	if (!is_canonical(virtual_address) || page_offset(virtual_address) != 0)
		panicf("unmap_page: 0x%llx is not a canonical, 4 KiB aligned address",
		       (unsigned long long)virtual_address);
	if (page_tables_walk(virtual_address, &walk) != PAGE_WALK_MAPPED || walk.level != 1)
		panicf("unmap_page: no level-1 entry maps 0x%llx",
		       (unsigned long long)virtual_address);
	writable_table(walk.table[1])[walk.index[1]] = 0;
	/* Without this, the TLB may keep the translation that was just removed. */
	invlpg(virtual_address);
	// LAB 8.1 STUB
	// (void)virtual_address;
	// panic("lab 8.1 not implemented: unmap_page");
	// LAB 8.1 END
}
