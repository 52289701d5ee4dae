/**
 * @file
 * Small changes to the boot page tables (common/boot/boot32.asm) from C,
 * before kernel_main runs: what firmware puts outside the first 1 GiB, such
 * as a UEFI framebuffer, gets mapped here.
 *
 * The boot tables identity-map the first 1 GiB (virtual = physical); these
 * functions keep that rule for everything they add.
 */
#ifndef BOOT_MAP_H
#define BOOT_MAP_H

#include <stdbool.h>
#include <stdint.h>

/** Page-table entry bits used here (lesson 08 explains them all). */
#define BOOT_PTE_PRESENT (1ull << 0)
#define BOOT_PTE_WRITABLE (1ull << 1)	/**< writes allowed */
#define BOOT_PTE_HUGE (1ull << 7)	/**< a 2 MiB page in a level-2 table */
#define BOOT_PTE_NO_EXECUTE (1ull << 63) /**< instruction fetches fault */

/**
 * Identity-maps a physical range with 2 MiB pages, writable and not
 * executable, where it is not mapped yet. New level-3 and level-2 tables
 * come from a small reserve in .bss.
 * @param physical start of the range (rounded down to 2 MiB)
 * @param size bytes in the range
 * @return false if the reserve of tables ran out (the range is then only
 *         partly mapped) or the range is not a canonical lower-half address
 */
bool boot_map_identity(uint64_t physical, uint64_t size);

/**
 * Points one 4 KiB page of the first 2 MiB (which the boot tables map with
 * 4 KiB pages) to another frame, writable and not executable.
 * @param virtual_address an address below 2 MiB, 4 KiB aligned
 * @param frame the physical frame it should reach, 4 KiB aligned
 */
void boot_map_small_page(uint64_t virtual_address, uint64_t frame);

/**
 * Makes one 4 KiB page of the first 2 MiB not present again (as boot32.asm
 * leaves page 0, to catch null pointers).
 * @param virtual_address an address below 2 MiB, 4 KiB aligned
 */
void boot_unmap_small_page(uint64_t virtual_address);

#endif
