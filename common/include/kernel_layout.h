/**
 * @file
 * Where the kernel lies in memory: the symbols common/kernel.ld and
 * boot32.asm define, declared once. Their addresses are what matters; they
 * are declared as arrays so that a name is its address.
 */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>
#include "page_size.h"

extern const char __kernel_start[]; /**< the first byte of the kernel image (1 MiB) */
extern const char __kernel_end[];   /**< just past the image, .bss and stacks included */
extern const char __text_start[];   /**< the first byte of the kernel's code */
extern const char __text_end[];	    /**< just past the kernel's code (page aligned) */

extern const char boot_stack_guard[];		/**< boot32.asm: unmapped, below the boot stack */
extern const char __double_fault_stack_guard[]; /**< unmapped, below lesson 06's \#DF stack */
extern const char __nmi_stack_guard[];		/**< unmapped, below lesson 06's NMI stack */

/**
 * Tells whether an address lies in one of the guard pages that boot32.asm
 * leaves unmapped inside the kernel image: reading it would fault.
 * @param address any address
 * @return true if it is inside a guard page
 */
static inline bool kernel_guard_page(uintptr_t address)
{
	const char *const guards[] = {boot_stack_guard, __double_fault_stack_guard,
				      __nmi_stack_guard};

	for (unsigned i = 0; i < sizeof(guards) / sizeof(guards[0]); i++)
		if (address - (uintptr_t)guards[i] < PAGE_SIZE)
			return true;
	return false;
}

#endif
