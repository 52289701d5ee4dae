/*
 * The boot information before kernel_main: mapped, and in Multiboot2 form
 * whichever way the kernel came in (see boot_info.h).
 */
#include <stddef.h>
#include "boot_info.h"
#include "boot_map.h"
#include "multiboot2_tags.h"
#include "panic.h"
#include "pvh.h"

#define TRANSLATED_SIZE 4096	/* room for the tags a PVH start info becomes */

static uint64_t translated[TRANSLATED_SIZE / sizeof(uint64_t)];

/* Identity-maps [address, address + size) or stops with a message. */
static void reach(uint64_t address, uint64_t size, const char *what)
{
	if (!boot_map_identity(address, size))
		panic(what);
}

static uint64_t from_multiboot2(uint64_t info)
{
	/* Its first field says how long it is: map that field, then all of it. */
	reach(info, MB2_HEADER_SIZE, "boot information: its address cannot be mapped");
	reach(info, *(const volatile uint32_t *)(uintptr_t)info,
	      "boot information: its total_size cannot be mapped");
	return info;
}

static uint64_t from_pvh(uint64_t address)
{
	const struct hvm_start_info *start = (const void *)(uintptr_t)address;
	const char *command_line = NULL;
	const struct hvm_memmap_table_entry *map = NULL;
	size_t size;

	/*
	 * SeaBIOS's loader for direct boots (QEMU's pvh.bin) writes the start
	 * info into page 0, which the boot tables leave unmapped to catch null
	 * pointers: mapped for the translation only.
	 */
	boot_map_small_page(0, 0);
	reach(address, sizeof(*start), "PVH start info: its address cannot be mapped");
	if (start->cmdline_paddr != 0) {
		reach(start->cmdline_paddr, PVH_COMMAND_LINE_MAX + 1,
		      "PVH start info: the command line cannot be mapped");
		command_line = (const char *)(uintptr_t)start->cmdline_paddr;
	}
	if (start->version >= 1 && start->memmap_entries > 0) {
		reach(start->memmap_paddr, (uint64_t)start->memmap_entries * sizeof(*map),
		      "PVH start info: the memory map cannot be mapped");
		map = (const void *)(uintptr_t)start->memmap_paddr;
	}
	size = pvh_to_multiboot2(start, command_line, map, translated, sizeof(translated));
	boot_unmap_small_page(0);
	if (size == 0)
		panic("PVH start info: too large to translate (memory map or command line)");
	return (uint64_t)(uintptr_t)translated;
}

uint64_t boot_info_setup(uint32_t magic, uint64_t info)
{
	if (magic == HVM_START_MAGIC)
		return from_pvh(info);
	return from_multiboot2(info);
}
