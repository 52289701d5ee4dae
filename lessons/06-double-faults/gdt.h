/**
 * @file
 * The kernel's own global descriptor table, built in C: a null entry, the
 * 64-bit kernel code segment, the kernel data segment and the 16-byte
 * descriptor of the TSS. It replaces the read-only table boot32.asm loaded,
 * because the TSS descriptor must live in writable memory: ltr marks it busy.
 */
#ifndef GDT_H
#define GDT_H

#include <stddef.h>
#include "descriptor.h"
#include "tss.h"

// [gdt]
/** The GDT's entries in order; a selector is an entry's byte offset. */
struct gdt {
	struct segment_descriptor null;		/**< the CPU never uses entry 0 */
	struct segment_descriptor kernel_code;	/**< 64-bit code, ring 0 */
	struct segment_descriptor kernel_data;	/**< data and stack, ring 0 */
	struct system_descriptor tss;		/**< the TSS, two slots */
} __attribute__((packed));

/** Selector of the kernel code segment (index 1, GDT, ring 0). */
#define GDT_KERNEL_CODE_SELECTOR 0x08
/** Selector of the kernel data segment (index 2). */
#define GDT_KERNEL_DATA_SELECTOR 0x10
/** Selector of the TSS descriptor (index 3; it also fills index 4). */
#define GDT_TSS_SELECTOR 0x18

_Static_assert(offsetof(struct gdt, kernel_code) == GDT_KERNEL_CODE_SELECTOR, "code selector");
_Static_assert(offsetof(struct gdt, kernel_data) == GDT_KERNEL_DATA_SELECTOR, "data selector");
_Static_assert(offsetof(struct gdt, tss) == GDT_TSS_SELECTOR, "TSS selector");
_Static_assert(sizeof(struct gdt) == 5 * 8, "five 8-byte slots");
// [gdt]

/**
 * Fills a GDT: pure, so the host tests check the exact bytes.
 * @param gdt the table to fill
 * @param tss the TSS its TSS descriptor points at
 */
void gdt_build(struct gdt *gdt, const struct tss *tss);

/**
 * Builds the kernel's GDT, loads it with lgdt, reloads CS (with a far
 * return), SS, DS and ES with its selectors, and loads the task register
 * with the TSS selector. Call once: a second ltr of the now busy TSS would
 * raise \#GP.
 * @param tss the kernel's TSS (from tss_init())
 */
void gdt_init(const struct tss *tss);

/**
 * The GDT gdt_init() loaded, for tests to read back.
 * @return the table
 */
const struct gdt *gdt_current(void);

#endif
