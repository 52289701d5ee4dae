/*
 * The live hierarchy as text: one address's walk, level by level (part of
 * every page-fault report), and a dump of every present entry.
 */
#include <stdbool.h>
#include <stddef.h>
#include "page_tables.h"

const char *page_size_name(uint64_t size)
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
			  (unsigned long long)walk.physical_address, page_size_name(walk.page_size));
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
		  (unsigned long long)range->physical_address, page_size_name(size), flags);
}
//! [dump line]

void page_tables_dump(format_sink sink, void *context)
{
	struct dump_output out = {sink, context};
	unsigned unreadable;

	format_to(sink, context, "page tables at 0x%llx (CR3):\n",
		  (unsigned long long)page_tables_root());
	unreadable = page_tables_visit(page_tables_root(), page_tables_read, print_range, &out);
	if (unreadable)
		format_to(sink, context, "(%u tables not mapped in the identity map were not read)\n",
			  unreadable);
}
