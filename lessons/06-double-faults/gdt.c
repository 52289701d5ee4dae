/*
 * Building and loading the kernel's GDT.
 *
 * Loading a new GDT with lgdt changes nothing by itself: each segment
 * register keeps a hidden copy of the descriptor it was loaded from. Only
 * loading the registers again makes the CPU read the new table, so
 * gdt_init() reloads every register this kernel relies on.
 */
#include <stdint.h>
#include "gdt.h"
#include "x86.h"

//! [build]
/* The flat 4 GiB limit (in 4 KiB pages) is a convention: 64-bit mode
 * ignores base and limit of code and data segments. */
#define FLAT_LIMIT 0xfffff
#define KERNEL_CODE_ACCESS (SEGMENT_PRESENT | 0 << SEGMENT_DPL_SHIFT | SEGMENT_CODE_DATA | \
			    SEGMENT_EXECUTABLE | SEGMENT_WRITABLE | SEGMENT_ACCESSED)
#define KERNEL_DATA_ACCESS (SEGMENT_PRESENT | 0 << SEGMENT_DPL_SHIFT | SEGMENT_CODE_DATA | \
			    SEGMENT_WRITABLE | SEGMENT_ACCESSED)

void gdt_build(struct gdt *gdt, const struct tss *tss)
{
	gdt->null = (struct segment_descriptor){ 0 };
	gdt->kernel_code = segment_descriptor_make(0, FLAT_LIMIT, KERNEL_CODE_ACCESS,
						   SEGMENT_FLAG_GRANULARITY | SEGMENT_FLAG_LONG_MODE);
	gdt->kernel_data = segment_descriptor_make(0, FLAT_LIMIT, KERNEL_DATA_ACCESS,
						   SEGMENT_FLAG_GRANULARITY | SEGMENT_FLAG_SIZE_32);
	gdt->tss = tss_descriptor_make((uint64_t)(uintptr_t)tss, sizeof(*tss) - 1);
}
//! [build]

/* Writable, unlike boot32.asm's table: ltr sets the busy bit in the TSS
 * descriptor. 8-byte alignment is what the CPU reads fastest. */
static struct gdt kernel_gdt __attribute__((aligned(8)));

//! [init]
void gdt_init(const struct tss *tss)
{
	const struct descriptor_table_pointer pointer = {
		.limit = sizeof(kernel_gdt) - 1,
		.base = (uint64_t)(uintptr_t)&kernel_gdt,
	};

	gdt_build(&kernel_gdt, tss);
	lgdt(&pointer);
	load_cs(GDT_KERNEL_CODE_SELECTOR);	/* a far return: mov cannot write CS */
	load_ss(GDT_KERNEL_DATA_SELECTOR);
	load_ds(GDT_KERNEL_DATA_SELECTOR);
	load_es(GDT_KERNEL_DATA_SELECTOR);
	ltr(GDT_TSS_SELECTOR);
}
//! [init]

const struct gdt *gdt_current(void)
{
	return &kernel_gdt;
}
