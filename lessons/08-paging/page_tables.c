/*
 * The live hierarchy: reading it through the identity map, translating,
 * printing, and mapping pages with tables from a static pool.
 */
#include <stddef.h>
#include "page_tables.h"
#include "console.h"
#include "kernel_layout.h"
#include "ktest.h"
#include "panic.h"
#include "x86.h"
#include "text_screen.h"

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

static const uint64_t *read_identity_mapped(void *context, uint64_t physical)
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
	return page_walk(page_tables_root(), virtual_address, read_identity_mapped, NULL, walk);
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

static const char *size_name(uint64_t size)
{
	switch (size) {
	case PAGE_SIZE:
		return "4 KiB";
	case PAGE_SIZE << 9:
		return "2 MiB";
	case PAGE_SIZE << 18:
		return "1 GiB";
	}
	return "?";
}

void page_walk_print(uint64_t virtual_address, format_sink sink, void *context)
{
	struct page_walk walk;
	enum page_walk_result result = page_tables_walk(virtual_address, &walk);
	char flags[48];

	format_to(sink, context, "0x%llx -> L4 %u, L3 %u, L2 %u, L1 %u, offset 0x%llx\n",
		  (unsigned long long)virtual_address, page_table_index(virtual_address, 4),
		  page_table_index(virtual_address, 3), page_table_index(virtual_address, 2),
		  page_table_index(virtual_address, 1),
		  (unsigned long long)page_offset(virtual_address));
	if (result == PAGE_WALK_NOT_CANONICAL) {
		format_to(sink, context, "  not canonical: bits 48-63 must copy bit 47\n");
		return;
	}
	for (unsigned level = PAGE_LEVELS; level >= walk.level && level >= 1; level--) {
		if (result == PAGE_WALK_UNREADABLE && level == walk.level) {
			format_to(sink, context,
				  "  L%u table at 0x%llx is not mapped in the identity map: not read\n", level,
				  (unsigned long long)walk.table[level]);
			return;
		}
		page_entry_flags(walk.entry[level], level, flags, sizeof(flags));
		format_to(sink, context, "  L%u table 0x%llx [%3u] = 0x%016llx %s\n", level,
			  (unsigned long long)walk.table[level], walk.index[level],
			  (unsigned long long)walk.entry[level], flags);
	}
	if (result == PAGE_WALK_MAPPED)
		format_to(sink, context, "  -> physical 0x%llx (%s page)\n",
			  (unsigned long long)walk.physical_address, size_name(walk.page_size));
	else if (result == PAGE_WALK_NOT_MAPPED)
		format_to(sink, context, "  -> not mapped: the level-%u entry is not present\n",
			  walk.level);
	else if (walk.level == PAGE_LEVELS)
		format_to(sink, context, "  -> invalid: bit 7 is reserved in a level-4 entry\n");
	else
		format_to(sink, context,
			  "  -> invalid: reserved address bits set in a huge level-%u entry\n",
			  walk.level);
}

/* Where page_tables_dump() sends its lines. */
struct dump_output {
	format_sink sink;
	void *context;
};

//! [dump line]
static void print_range(void *context, const struct page_range *range)
{
	static const char indent[] = "   "; /* level 4 flush left, level 1 three in */
	const struct dump_output *out = context;
	const char *pad = indent + (range->level - 1);
	char flags[48];

	page_entry_flags(range->flags, range->level, flags, sizeof(flags));
	if (!range->is_page) {
		format_to(out->sink, out->context, "%sL%u[%u] -> L%u table at 0x%llx  %s\n", pad,
			  range->level, range->first, range->level - 1,
			  (unsigned long long)range->physical_address, flags);
		return;
	}
	uint64_t size = page_level_size(range->level);
	uint64_t last = range->virtual_address + range->count * size - 1;

	format_to(out->sink, out->context, "%sL%u[%u-%u] 0x%llx-0x%llx -> 0x%llx %s %s\n", pad,
		  range->level, range->first, range->first + range->count - 1,
		  (unsigned long long)range->virtual_address, (unsigned long long)last,
		  (unsigned long long)range->physical_address, size_name(size), flags);
}
//! [dump line]

void page_tables_dump(format_sink sink, void *context)
{
	struct dump_output out = {sink, context};
	unsigned unreadable;

	format_to(sink, context, "page tables at 0x%llx (CR3):\n",
		  (unsigned long long)page_tables_root());
	unreadable = page_tables_visit(page_tables_root(), read_identity_mapped, print_range, &out);
	if (unreadable)
		format_to(sink, context, "(%u tables not mapped in the identity map were not read)\n",
			  unreadable);
}

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

/* A table to change. Writes go through volatile: the CPU's page walker,
 * not just our code, reads this memory. */
static volatile uint64_t *writable_table(uint64_t physical)
{
	if (!read_identity_mapped(NULL, physical))
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
			       size_name(page_level_size(level)));
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

/* ---- in-kernel tests ---- */

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
	    page_tables_visit(page_tables_root(), read_identity_mapped, find_huge_run, &found), 0);
	ASSERT(found);
}
