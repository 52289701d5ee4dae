/**
 * @file
 * QEMU's direct boot (the PVH boot protocol, which comes from Xen): what
 * the entry point receives, and its translation into Multiboot2 form.
 *
 * Started with `qemu-system-x86_64 -kernel kernel.elf`, QEMU loads the ELF
 * file itself and jumps to the address in its PVH note (pvh_note.asm) with
 * ebx pointing to a struct hvm_start_info. That structure says less than
 * GRUB's Multiboot2 information: a command line and a memory map, but no
 * boot loader name, no framebuffer and no EFI tables. boot_info_setup()
 * (boot_info.h) turns it into Multiboot2 tags with pvh_to_multiboot2(), so
 * that the rest of the kernel reads one format, whichever way it came in.
 */
#ifndef PVH_H
#define PVH_H

#include <stddef.h>
#include <stdint.h>

/** The first field of struct hvm_start_info ("xEn3" with the top bit of 0x80 set). */
#define HVM_START_MAGIC 0x336ec578u

/** What QEMU's PVH boot hands over (Xen's public header arch-x86/hvm/start_info.h). */
struct hvm_start_info {
	uint32_t magic;		/**< HVM_START_MAGIC */
	uint32_t version;	/**< 0, or 1 when the memory map fields exist */
	uint32_t flags;		/**< SIF_* flags (none matter here) */
	uint32_t nr_modules;	/**< modules (initrds) in the module list */
	uint64_t modlist_paddr;	/**< physical address of the module list */
	uint64_t cmdline_paddr;	/**< physical address of the NUL-terminated command line, or 0 */
	uint64_t rsdp_paddr;	/**< physical address of the ACPI RSDP, or 0 */
	/* version 1 */
	uint64_t memmap_paddr;	/**< physical address of the memory map */
	uint32_t memmap_entries; /**< entries in the memory map */
	uint32_t reserved;	/**< 0 */
};
_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info: 56 bytes in version 1");

/**
 * One region of the PVH memory map. Its layout and its types (the BIOS's
 * E820 types: 1 usable RAM, 2 reserved, 3 ACPI reclaimable...) are those of
 * a Multiboot2 memory-map entry.
 */
struct hvm_memmap_table_entry {
	uint64_t addr;		/**< physical start address */
	uint64_t size;		/**< size in bytes */
	uint32_t type;		/**< E820 type */
	uint32_t reserved;	/**< 0 */
};
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24, "hvm_memmap_table_entry: 24 bytes");

/** The boot loader name the translated information gives. */
#define PVH_LOADER_NAME "QEMU direct boot (PVH)"

/** Longest command line kept (longer ones are cut here, at a byte boundary). */
#define PVH_COMMAND_LINE_MAX 1023

/**
 * Writes Multiboot2 boot information that says what a PVH start info says:
 * a boot loader name tag (PVH_LOADER_NAME), a command-line tag (empty if
 * there is none), and a memory-map tag when the start info has a memory
 * map (version 1 and at least one entry). No framebuffer tag: nobody set
 * a video mode, and the kernel is left with whatever the firmware did. No
 * EFI tags: a direct boot never goes through UEFI. Pure code: the caller
 * makes the three inputs readable (tests/host/test_pvh.c runs it on the host).
 * @param start the start info
 * @param command_line its command line, or NULL; at most PVH_COMMAND_LINE_MAX
 *        bytes of it are read
 * @param memory_map its memory map (start->memmap_entries entries), or NULL
 * @param buffer where to write, 8-byte aligned
 * @param size bytes available at buffer
 * @return the bytes written (the information's total_size), or 0 if they
 *         do not fit in size
 */
size_t pvh_to_multiboot2(const struct hvm_start_info *start, const char *command_line,
			 const struct hvm_memmap_table_entry *memory_map, void *buffer,
			 size_t size);

#endif
