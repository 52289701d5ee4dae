/*
 * Boot information in memory the boot page tables do not map (finding S10
 * of the 2026-12 code review). GRUB may write it anywhere below 4 GiB, and
 * the boot tables map only the first 1 GiB: boot_info_setup() must map it
 * before anything reads it. QEMU always puts it low, so this kernel makes
 * the case itself: it copies the boot information it got to 4 MiB, removes
 * the 2 MiB page there from the boot tables, and hands the copy to
 * boot_info_setup() as the boot code does. Without the mapping, the first
 * read is a page fault with no handler: the machine resets (a triple fault).
 */
#include <stddef.h>
#include <stdint.h>
#include "boot_info.h"
#include "multiboot2.h"
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define COPY_ADDRESS 0x400000ull	/* 4 MiB: RAM, above the kernel's 2 MiB */
#define HUGE_PAGE_SIZE (2ull << 20)
#define COPY_MAX HUGE_PAGE_SIZE		/* the copy stays inside that one page */
#define ADDRESS_MASK 0x000ffffffffff000ull
#define QEMU_EXIT_PORT 0xf4
#define QEMU_EXIT_SUCCESS 0x10
#define QEMU_EXIT_FAILURE 0x11

void kernel_main(uint32_t magic, uint64_t boot_info);

static uint64_t *table_of(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & ADDRESS_MASK);
}

/* Clears the level-2 entry of a 2 MiB page in the first 1 GiB. */
static void unmap_huge_page(uint64_t address)
{
	uint64_t *level3 = table_of(table_of(read_cr3())[0]);
	uint64_t *level2 = table_of(level3[0]);

	level2[address / HUGE_PAGE_SIZE] = 0;
	invlpg((uintptr_t)address);
}

static noreturn void finish(bool passed, const char *message)
{
	serial_write_string(message);
	serial_write_char('\n');
	outl(QEMU_EXIT_PORT, passed ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
	halt_forever();	/* the exit takes effect a moment after the write */
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	const uint8_t *from = (const uint8_t *)(uintptr_t)boot_info;
	volatile uint8_t *to = (volatile uint8_t *)(uintptr_t)COPY_ADDRESS;
	uint32_t size = *(const uint32_t *)from;
	uint64_t copy;

	serial_init();
	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC || size < 8 || size > COPY_MAX)
		finish(false, "boot_info_unmapped: no usable boot information to copy");
	for (uint32_t i = 0; i < size; i++)
		to[i] = from[i];
	unmap_huge_page(COPY_ADDRESS);
	serial_write_string("boot_info_unmapped: a copy at 0x400000, its page unmapped\n");

	copy = boot_info_setup(MULTIBOOT2_BOOTLOADER_MAGIC, COPY_ADDRESS);
	if (copy != COPY_ADDRESS)
		finish(false, "boot_info_setup moved the boot information");
	if (mb2_find((const void *)(uintptr_t)copy, size, MB2_TAG_MEMORY_MAP) == NULL)
		finish(false, "boot_info_unmapped: no memory map in the copy");
	finish(true, "boot_info_unmapped: the copy was mapped and read");
}
