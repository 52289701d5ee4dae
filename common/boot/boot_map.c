/*
 * Adding to the boot page tables from C. They are ordinary memory in .bss
 * (boot32.asm), reached here through CR3; the first 1 GiB is identity-mapped,
 * so a table's physical address is also a pointer to it.
 */
#include <stddef.h>
#include "boot_map.h"
#include "x86.h"

#define ENTRIES 512
#define TABLE_SIZE 4096
#define HUGE_PAGE_SIZE (2ull << 20)
#define SMALL_PAGE_SIZE 4096ull
#define ADDRESS_MASK 0x000ffffffffff000ull	/* bits 12-51 of an entry */
#define LOWER_HALF_END (1ull << 47)		/* canonical lower half */
/* Below 512 GiB the level-3 table exists already (boot_pdpt), and each
 * further 1 GiB needs one level-2 table: two for a framebuffer that crosses
 * a 1 GiB boundary, one more for boot information elsewhere, and one for a
 * device's registers mapped later (lesson 07's local APIC, near 4 GiB). A
 * framebuffer above 512 GiB would need a level-3 table instead of one. */
#define TABLE_RESERVE 4

static uint64_t reserve[TABLE_RESERVE][ENTRIES] __attribute__((aligned(TABLE_SIZE)));
static unsigned int reserve_used;

static unsigned int index_at(uint64_t address, unsigned int level)
{
	return (unsigned int)(address >> (12 + 9 * (level - 1))) & (ENTRIES - 1);
}

static uint64_t *table_of(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & ADDRESS_MASK);
}

/* The table an entry points to, taking a fresh one from the reserve if the
 * entry is empty; NULL when the reserve is used up. */
static uint64_t *next_table(uint64_t *entry)
{
	if (!(*entry & BOOT_PTE_PRESENT)) {
		if (reserve_used == TABLE_RESERVE)
			return NULL;
		/* Intermediate entries allow everything; the last level decides. */
		*entry = (uint64_t)(uintptr_t)reserve[reserve_used++] | BOOT_PTE_PRESENT |
			 BOOT_PTE_WRITABLE;
	}
	return table_of(*entry);
}

bool boot_map_identity(uint64_t physical, uint64_t size)
{
	uint64_t start = physical & ~(HUGE_PAGE_SIZE - 1);
	uint64_t *level4 = table_of(read_cr3());

	if (physical >= LOWER_HALF_END || size > LOWER_HALF_END - physical)
		return false;
	for (uint64_t page = start; page < physical + size; page += HUGE_PAGE_SIZE) {
		uint64_t *level3 = next_table(&level4[index_at(page, 4)]);
		uint64_t *level2 = level3 ? next_table(&level3[index_at(page, 3)]) : NULL;
		uint64_t *entry;

		if (level2 == NULL)
			return false;
		entry = &level2[index_at(page, 2)];
		if (!(*entry & BOOT_PTE_PRESENT)) {
			*entry = page | BOOT_PTE_PRESENT | BOOT_PTE_WRITABLE | BOOT_PTE_HUGE |
				 BOOT_PTE_NO_EXECUTE;
			invlpg((uintptr_t)page);
		}
	}
	return true;
}

/* The level-1 entry of an address in the first 2 MiB (boot32.asm's boot_pt). */
static uint64_t *small_page_entry(uint64_t virtual_address)
{
	uint64_t *level4 = table_of(read_cr3());
	uint64_t *level3 = table_of(level4[index_at(virtual_address, 4)]);
	uint64_t *level2 = table_of(level3[index_at(virtual_address, 3)]);
	uint64_t *level1 = table_of(level2[index_at(virtual_address, 2)]);

	return &level1[index_at(virtual_address, 1)];
}

void boot_map_small_page(uint64_t virtual_address, uint64_t frame)
{
	*small_page_entry(virtual_address) = (frame & ADDRESS_MASK) | BOOT_PTE_PRESENT |
					     BOOT_PTE_WRITABLE | BOOT_PTE_NO_EXECUTE;
	invlpg((uintptr_t)virtual_address);
}

void boot_unmap_small_page(uint64_t virtual_address)
{
	*small_page_entry(virtual_address) = 0;
	invlpg((uintptr_t)virtual_address);
}
