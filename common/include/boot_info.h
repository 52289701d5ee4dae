/**
 * @file
 * The boot information, made safe to read before kernel_main runs.
 *
 * The kernel comes in one of two ways (boot32.asm): from GRUB, with
 * Multiboot2 information, or from QEMU's direct boot, with a PVH start info
 * (pvh.h). Either may lie outside the first 1 GiB, the only memory the boot
 * page tables map: GRUB may put its information anywhere below 4 GiB, and a
 * read there would fault before any handler exists, which resets the
 * machine with no message. boot_info_setup() maps what it is about to read
 * first, and hands the rest of the kernel Multiboot2 information either way.
 */
#ifndef BOOT_INFO_H
#define BOOT_INFO_H

#include <stdint.h>

/**
 * Called by the boot code (long_mode.asm) before anything reads the boot
 * information. For Multiboot2, identity-maps the information's header and
 * then its total_size bytes where they are not mapped yet. For a direct
 * boot, maps the start info, its command line and its memory map, and
 * translates them (pvh_to_multiboot2()) into a buffer of the kernel's.
 * Panics, saying which part, if something cannot be mapped or does not fit.
 * @param magic MULTIBOOT2_BOOTLOADER_MAGIC or HVM_START_MAGIC (boot32.asm
 *        accepts nothing else)
 * @param info the physical address that came in ebx
 * @return the address of Multiboot2 boot information, all of it mapped;
 *         the kernel then gets MULTIBOOT2_BOOTLOADER_MAGIC either way
 */
uint64_t boot_info_setup(uint32_t magic, uint64_t info);

#endif
