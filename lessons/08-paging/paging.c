/*
 * Four-level paging as arithmetic: address indices, entry decoding, and a
 * page-table walk that reads tables through a callback.
 *
 * The walk is the one the CPU's memory-management unit performs on every
 * TLB miss; doing it in software lets the kernel answer "where does this
 * virtual address go?" and lets the host tests check the answer on tables
 * they build themselves.
 */
#include "format.h"
#include "paging.h"

//! [split]
#define PAGE_OFFSET_BITS   12 /* 4 KiB = 2^12 bytes */
#define INDEX_BITS	   9  /* 512 = 2^9 entries per table */
#define INDEX_MASK	   0x1ffu
#define CANONICAL_SIGN_BIT 47 /* bits 48-63 must copy this one */

/* Level 1 starts right after the page offset; each level adds 9 bits. */
static unsigned level_shift(unsigned level)
{
	return PAGE_OFFSET_BITS + INDEX_BITS * (level - 1);
}

unsigned page_table_index(uint64_t virtual_address, unsigned level)
{
	return (unsigned)(virtual_address >> level_shift(level)) & INDEX_MASK;
}

uint64_t page_offset(uint64_t virtual_address)
{
	return virtual_address & (PAGE_SIZE - 1);
}
//! [split]

uint64_t page_level_size(unsigned level)
{
	return 1ull << level_shift(level);
}

//! [canonical]
uint64_t canonical_address(uint64_t address)
{
	/* Bits 48-63 all ones if bit 47 is set, all zeros if not. (Shifting
	 * bit 47 up to bit 63 and back as an int64_t is shorter, but C leaves
	 * the conversion and the shift of a negative number to the compiler.) */
	const uint64_t upper = ~0ull << (CANONICAL_SIGN_BIT + 1);

	if (address & (1ull << CANONICAL_SIGN_BIT))
		return address | upper;
	return address & ~upper;
}

bool is_canonical(uint64_t virtual_address)
{
	return canonical_address(virtual_address) == virtual_address;
}
//! [canonical]

bool page_entry_is_page(uint64_t entry, unsigned level)
{
	if (level == 1)
		return true; /* bit 7 is PAT there, never "huge" */
	if (level == 2 || level == 3)
		return (entry & PTE_HUGE) != 0;
	return false; /* level 4 always points to a table */
}

/*
 * A huge page's frame is aligned to its size, so fewer address bits are
 * used: bits 30-51 for 1 GiB, 21-51 for 2 MiB. (Bit 12 of a huge entry is
 * its PAT bit, not part of the address.)
 */
uint64_t page_entry_address(uint64_t entry, unsigned level)
{
	if (level > 1 && page_entry_is_page(entry, level))
		return entry & PTE_ADDRESS_MASK & ~(page_level_size(level) - 1);
	return entry & PTE_ADDRESS_MASK;
}

/* Adds one flag's name to the text, after a space unless it is the first. */
static void append_word(struct format_buffer *text, const char *word)
{
	format_to(format_buffer_write, text, "%s%s", text->used > 0 ? " " : "", word);
}

//! [flags]
size_t page_entry_flags(uint64_t entry, unsigned level, char *buffer, size_t size)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} names[] = {
	    {PTE_PRESENT, "P"},		{PTE_WRITABLE, "W"},	    {PTE_USER, "U"},
	    {PTE_WRITE_THROUGH, "PWT"}, {PTE_CACHE_DISABLE, "PCD"}, {PTE_ACCESSED, "A"},
	    {PTE_DIRTY, "D"},		{PTE_HUGE, NULL},	    {PTE_GLOBAL, "G"},
	    {PTE_NO_EXECUTE, "NX"},
	};
	struct format_buffer text;

	format_buffer_init(&text, buffer, size);
	if (!(entry & PTE_PRESENT)) {
		append_word(&text, "-");
		return text.used;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(entry & names[i].bit))
			continue;
		if (names[i].bit == PTE_HUGE) /* one bit, three meanings */
			append_word(&text, level == 1 ? "PAT" : level == 4 ? "RESERVED7" : "H");
		else
			append_word(&text, names[i].name);
	}
	return text.used;
}
//! [flags]

/*
 * A huge page's frame is aligned to its size, so the address bits below
 * that size must be 0, except bit 12, which is the huge page's PAT bit:
 * bits 13-20 of a 2 MiB entry, 13-29 of a 1 GiB one. The CPU refuses
 * such an entry with a page fault (error code bit 3, "reserved bit").
 */
static uint64_t huge_reserved_bits(unsigned level)
{
	return (page_level_size(level) - 1) & ~((PAGE_SIZE << 1) - 1);
}

//! [walk]
enum page_walk_result page_walk(uint64_t root, uint64_t virtual_address, page_table_reader read,
				void *context, struct page_walk *walk)
{
	struct page_walk scratch;
	uint64_t table = root & PTE_ADDRESS_MASK; /* CR3's low bits are flags */

	if (!walk)
		walk = &scratch;
	*walk = (struct page_walk){0};
	if (!is_canonical(virtual_address))
		return PAGE_WALK_NOT_CANONICAL;

	for (unsigned level = PAGE_LEVELS; level >= 1; level--) {
		const uint64_t *entries = read(context, table);
		unsigned index = page_table_index(virtual_address, level);

		walk->level = level;
		walk->table[level] = table;
		walk->index[level] = index;
		if (!entries)
			return PAGE_WALK_UNREADABLE;
		uint64_t entry = entries[index];

		walk->entry[level] = entry;
		if (!(entry & PTE_PRESENT))
			return PAGE_WALK_NOT_MAPPED;
		if (level == PAGE_LEVELS && (entry & PTE_HUGE))
			return PAGE_WALK_BAD_ENTRY;
		if (level > 1 && page_entry_is_page(entry, level) &&
		    (entry & huge_reserved_bits(level)))
			return PAGE_WALK_BAD_ENTRY;
		if (page_entry_is_page(entry, level)) {
			/* The address bits below this level are the offset in the page. */
			walk->page_size = page_level_size(level);
			walk->physical_address = page_entry_address(entry, level) +
						 (virtual_address & (walk->page_size - 1));
			return PAGE_WALK_MAPPED;
		}
		table = page_entry_address(entry, level);
	}
	return PAGE_WALK_NOT_MAPPED; /* not reached: level 1 entries are pages */
}
//! [walk]

/* A dump's run of page entries that continue each other, not yet reported. */
struct run {
	bool open;
	struct page_range range;
};

static void flush(struct run *run, page_range_visitor visit, void *context)
{
	if (run->open)
		visit(context, &run->range);
	run->open = false;
}

static bool continues(const struct run *run, unsigned index, uint64_t physical, uint64_t flags)
{
	const struct page_range *r = &run->range;

	return run->open && index == r->first + r->count && flags == r->flags &&
	       physical == r->physical_address + r->count * page_level_size(r->level);
}

static unsigned visit_table(uint64_t table, unsigned level, uint64_t base, page_table_reader read,
			    page_range_visitor visit, void *context)
{
	const uint64_t *entries = read(context, table);
	struct run run = {0};
	unsigned unreadable = 0;

	if (!entries)
		return 1;
	for (unsigned i = 0; i < PAGE_TABLE_ENTRIES; i++) {
		uint64_t entry = entries[i];
		uint64_t virtual_address =
		    canonical_address(base | (uint64_t)i << level_shift(level));
		uint64_t physical = page_entry_address(entry, level);
		uint64_t flags = entry & ~physical & ~(PTE_ACCESSED | PTE_DIRTY);
		bool is_page = page_entry_is_page(entry, level);

		if (!(entry & PTE_PRESENT)) {
			flush(&run, visit, context);
			continue;
		}
		if (is_page && continues(&run, i, physical, flags)) {
			run.range.count++;
			continue;
		}
		flush(&run, visit, context);
		run.open = true;
		run.range =
		    (struct page_range){level, i, 1, virtual_address, physical, flags, is_page};
		if (!is_page) {
			flush(&run, visit, context);
			unreadable +=
			    visit_table(physical, level - 1, virtual_address, read, visit, context);
		}
	}
	flush(&run, visit, context);
	return unreadable;
}

unsigned page_tables_visit(uint64_t root, page_table_reader read, page_range_visitor visit,
			   void *context)
{
	return visit_table(root & PTE_ADDRESS_MASK, PAGE_LEVELS, 0, read, visit, context);
}
