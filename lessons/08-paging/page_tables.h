/**
 * @file
 * The live page tables: the hierarchy CR3 points to, as the boot code
 * built it. Walk it, translate addresses, print it, and add mappings.
 *
 * The kernel can read and write the tables because they lie in the first
 * 1 GiB of physical memory, which the boot code identity-mapped: a
 * table's physical address is also a virtual address that reaches it.
 * Tables anywhere else could not be reached this way (see the chapter for
 * the other ways kernels solve that).
 */
#ifndef PAGE_TABLES_H
#define PAGE_TABLES_H

#include <stdbool.h>
#include <stdint.h>
#include "format.h"
#include "paging.h"

/** End of the boot code's identity map: physical memory below it is readable at the same address.
 */
#define IDENTITY_MAP_END 0x40000000ull

/** Frames in the static pool that map_page() takes page tables and frame_alloc() frames from. */
#define FRAME_POOL_SIZE 16

/**
 * Reads a table of the live hierarchy (a page_table_reader): through the
 * identity map, and only once the table's own page is found mapped there.
 * @param context unused
 * @param physical the table's physical address
 * @return a pointer to its 512 entries, or NULL if it cannot be read safely
 */
const uint64_t *page_tables_read(void *context, uint64_t physical);

/**
 * The physical address of the level-4 table, from CR3.
 * @return the address, without CR3's flag bits
 */
uint64_t page_tables_root(void);

/**
 * Walks the live hierarchy for one address (page_walk() over the tables
 * CR3 points to).
 * @param virtual_address the address
 * @param walk receives what the walk saw; may be NULL
 * @return how the walk ended
 */
enum page_walk_result page_tables_walk(uint64_t virtual_address, struct page_walk *walk);

/**
 * Translates a virtual address with the live page tables.
 * @param virtual_address the address
 * @param physical_address receives the physical address if it is mapped
 * @return true if mapped; false if not mapped or not canonical
 */
bool translate(uint64_t virtual_address, uint64_t *physical_address);

/**
 * Prints one walk level by level: each level's index, table and entry with
 * its flags, then the physical address or where the walk stopped.
 * @param virtual_address the address to walk
 * @param sink receives the text
 * @param context passed to sink
 */
void page_walk_print(uint64_t virtual_address, format_sink sink, void *context);

/**
 * Names a page size for people.
 * @param size a page size in bytes
 * @return "4 KiB", "2 MiB", "1 GiB", or "?" for any other size
 */
const char *page_size_name(uint64_t size);

/**
 * Prints every present entry of the live hierarchy, one line per table
 * entry or run of pages, indented by level, with decoded flags.
 * @param sink receives the text
 * @param context passed to sink
 */
void page_tables_dump(format_sink sink, void *context);

/**
 * Takes a zeroed 4 KiB frame from a static pool inside the kernel's .bss.
 * The pool is identity-mapped, so a frame's physical address is its
 * virtual address. Frames are never given back.
 * @return the frame's physical address; panics when the pool is empty
 */
uint64_t frame_alloc(void);

/**
 * Maps one 4 KiB page to a frame in the live hierarchy, creating the
 * missing level-3, level-2 and level-1 tables with frame_alloc(), and
 * invalidates the page's TLB entry.
 * @param virtual_address the page's first address (4 KiB aligned, canonical)
 * @param physical_address the frame's first address (4 KiB aligned)
 * @param flags entry bits to set besides PTE_PRESENT, e.g. PTE_WRITABLE | PTE_NO_EXECUTE
 *        (address bits in it are ignored)
 *
 * A page that is already mapped panics: replacing a mapping is done by
 * unmap_page() first, never by accident.
 */
void map_page(uint64_t virtual_address, uint64_t physical_address, uint64_t flags);

/**
 * Removes the mapping of one 4 KiB page (lab 8.1): clears its level-1
 * entry and drops the page's TLB entry with invlpg, so the next access
 * faults. The tables on the way stay, empty or not.
 * @param virtual_address the page's first address (4 KiB aligned,
 *        canonical); a page that no level-1 entry maps (not mapped at
 *        all, or inside a huge page) panics
 */
void unmap_page(uint64_t virtual_address);

#endif
