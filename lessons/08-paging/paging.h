/**
 * @file
 * x86_64 four-level paging as data: the parts of a virtual address, the
 * bits of a page-table entry, and a walk from the level-4 table down to a
 * physical address.
 *
 * Nothing here touches the hardware. The walker reads tables through a
 * callback that turns a table's physical address into a pointer the code
 * can read: the kernel passes one for its identity-mapped memory, the host
 * tests one that looks up synthetic tables. The kernel side (CR3, mapping,
 * the live dump) is in page_tables.h.
 */
#ifndef PAGING_H
#define PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "page_size.h" /* PAGE_SIZE: a page, and a frame, are 4 KiB */

/** Entries in every page table: 512 entries of 8 bytes fill one page. */
#define PAGE_TABLE_ENTRIES 512
/** Levels of the hierarchy: level 4 is the root CR3 points to, level 1 maps 4 KiB pages. */
#define PAGE_LEVELS	   4

// [entry bits]
/** @name Page-table entry bits
 * The same layout at every level; bit 7 differs by level (see PTE_HUGE).
 * @{ */
#define PTE_PRESENT	  (1ull << 0) /**< the entry is in use */
#define PTE_WRITABLE	  (1ull << 1) /**< writes allowed (for the kernel too, since CR0.WP) */
#define PTE_USER	  (1ull << 2) /**< user mode may access */
#define PTE_WRITE_THROUGH (1ull << 3) /**< writes go straight to memory */
#define PTE_CACHE_DISABLE (1ull << 4) /**< no caching (device memory) */
#define PTE_ACCESSED	  (1ull << 5) /**< set by the CPU on first use */
#define PTE_DIRTY	  (1ull << 6) /**< set by the CPU on first write (pages only) */
#define PTE_HUGE	  (1ull << 7) /**< 1 GiB page in level 3, 2 MiB in level 2; PAT in level 1 */
#define PTE_GLOBAL	  (1ull << 8)  /**< survives CR3 loads in the TLB if CR4.PGE (unset here) */
#define PTE_NO_EXECUTE	  (1ull << 63) /**< instruction fetches fault (needs EFER.NXE) */
/** Bits 12-51: the physical address of the next table or of a 4 KiB frame. */
#define PTE_ADDRESS_MASK  0x000ffffffffff000ull
/** @} */
// [entry bits]

/**
 * The 9-bit index a virtual address selects in the table of one level.
 * @param virtual_address any address
 * @param level 1 to 4
 * @return 0 to 511: bits 12-20 for level 1, 21-29 for 2, 30-38 for 3, 39-47 for 4
 */
unsigned page_table_index(uint64_t virtual_address, unsigned level);

/**
 * The offset of an address inside its 4 KiB page.
 * @param virtual_address any address
 * @return bits 0-11
 */
uint64_t page_offset(uint64_t virtual_address);

/**
 * Bytes mapped by one entry at a level.
 * @param level 1 to 4
 * @return 4 KiB, 2 MiB, 1 GiB or 512 GiB
 */
uint64_t page_level_size(unsigned level);

/**
 * Whether bits 48-63 of an address copy bit 47, as the CPU requires.
 * @param virtual_address any address
 * @return true for canonical addresses
 */
bool is_canonical(uint64_t virtual_address);

/**
 * Makes a 48-bit address canonical by copying bit 47 into bits 48-63.
 * @param address an address whose bits 48-63 are ignored
 * @return the canonical form
 */
uint64_t canonical_address(uint64_t address);

/**
 * Whether an entry maps memory itself (a page) rather than pointing to the
 * next table.
 * @param entry a present entry
 * @param level where the entry is, 1 to 4
 * @return true at level 1, and at levels 2 and 3 when the huge bit is set
 */
bool page_entry_is_page(uint64_t entry, unsigned level);

/**
 * The physical address an entry holds: the next table, or the start of
 * the frame it maps (4 KiB, 2 MiB or 1 GiB aligned).
 * @param entry the entry
 * @param level where the entry is, 1 to 4
 * @return the address, without the flag bits
 */
uint64_t page_entry_address(uint64_t entry, unsigned level);

/**
 * Writes the names of an entry's flags, such as "P W NX" (present,
 * writable, no-execute). Bit 7 is named H (huge) in levels 2 and 3 and PAT
 * in level 1. A not-present entry is "-".
 * @param entry the entry
 * @param level where the entry is, 1 to 4
 * @param buffer receives the text, NUL-terminated and cut to fit
 * @param size the buffer's size in bytes (at least 1)
 * @return the length of the text written
 */
size_t page_entry_flags(uint64_t entry, unsigned level, char *buffer, size_t size);

/**
 * Gives a page table's 512 entries for its physical address.
 * @param context what the caller passed to page_walk() or page_tables_visit()
 * @param physical_address where the table is in physical memory
 * @return a pointer to the entries, or NULL if the table cannot be read
 */
typedef const uint64_t *(*page_table_reader)(void *context, uint64_t physical_address);

/** How a walk ended. */
enum page_walk_result {
	PAGE_WALK_MAPPED,	 /**< the address is mapped: physical_address is valid */
	PAGE_WALK_NOT_MAPPED,	 /**< an entry on the way was not present */
	PAGE_WALK_NOT_CANONICAL, /**< bits 48-63 do not copy bit 47: no walk at all */
	PAGE_WALK_BAD_ENTRY,	 /**< a reserved bit set (level-4 huge bit, huge-page address) */
	PAGE_WALK_UNREADABLE,	 /**< the reader could not give a table */
};

/** Everything a walk saw, level by level (index 1 to 4; index 0 unused). */
struct page_walk {
	unsigned index[PAGE_LEVELS + 1]; /**< the index used in each level's table */
	uint64_t table[PAGE_LEVELS + 1]; /**< physical address of each level's table */
	uint64_t entry[PAGE_LEVELS + 1]; /**< the entry read at each level */
	unsigned level;			 /**< the level where the walk stopped */
	uint64_t page_size;		 /**< when mapped: 4 KiB, 2 MiB or 1 GiB */
	uint64_t physical_address;	 /**< when mapped: the translation */
};

/**
 * Translates a virtual address the way the CPU does: from the level-4
 * table, take the entry the address's index selects, follow it to the
 * next table, and stop at a page (a level-1 entry or a huge page) or at a
 * not-present entry.
 * @param root physical address of the level-4 table (what CR3 holds)
 * @param virtual_address the address to translate
 * @param read gives a table's entries for its physical address
 * @param context passed to read
 * @param walk receives what the walk saw; may be NULL
 * @return how the walk ended
 */
enum page_walk_result page_walk(uint64_t root, uint64_t virtual_address, page_table_reader read,
				void *context, struct page_walk *walk);

/** One line of a page-table dump: a table entry, or a run of page entries. */
struct page_range {
	unsigned level;		   /**< the level of the entries, 1 to 4 */
	unsigned first;		   /**< index of the first entry in its table */
	unsigned count;		   /**< how many consecutive entries: 1 for a table entry */
	uint64_t virtual_address;  /**< the first virtual address they map */
	uint64_t physical_address; /**< the next table, or the first frame mapped */
	uint64_t flags;		   /**< the entry without its address, accessed or dirty bits */
	bool is_page;		   /**< true: the entries map pages; false: a table follows */
};

/**
 * Receives the dump, one range at a time, in address order.
 * @param context what the caller passed to page_tables_visit()
 * @param range the entry or run of entries
 */
typedef void (*page_range_visitor)(void *context, const struct page_range *range);

/**
 * Visits every present entry of a hierarchy, depth first. A table entry is
 * reported on its own, then its table's entries. Page entries that continue
 * each other (next index, next frame, the same flags) are reported as one
 * range, so an identity map of 1 GiB in 2 MiB pages is one line, not 512.
 * The accessed and dirty bits are left out: they change as memory is used.
 * @param root physical address of the level-4 table
 * @param read gives a table's entries for its physical address
 * @param visit receives each range
 * @param context passed to read and visit
 * @return the number of tables that could not be read (0 when all could)
 */
unsigned page_tables_visit(uint64_t root, page_table_reader read, page_range_visitor visit,
			   void *context);

#endif
