/*
 * Expected-fault test kernel: reading a non-canonical address must raise
 * #GP. x86_64 uses 48-bit virtual addresses, and bits 48-63 must copy bit
 * 47; 0x8000000000000000 breaks that rule, so the CPU refuses it before any
 * page table is consulted, and there is no selector to blame: the error
 * code is 0.
 */
#include <stdbool.h>
#include <stdint.h>
#include "error_code.h"
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "serial_print.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

#define NON_CANONICAL 0x8000000000000000

extern const char non_canonical_read[];

static void check(const struct interrupt_frame *frame)
{
	struct selector_error e = selector_error_decode(frame->error_code);

	expect_equal("error code", frame->error_code, 0);
	expect_equal("selector index", e.index, 0);
	expect_equal("external", e.external, false);
	expect_equal("RIP", frame->rip, (uintptr_t)non_canonical_read);
	expect_equal("RAX (the address)", frame->rax, NON_CANONICAL);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	uint64_t value;

	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault("general_protection_non_canonical", EXCEPTION_GENERAL_PROTECTION, check);
	serial_printf("general_protection_non_canonical: reading 0x%lx\n", NON_CANONICAL);
	__asm__ volatile(".global non_canonical_read\n"
			 "non_canonical_read: movq (%%rax), %0"
			 : "=r"(value)
			 : "a"(NON_CANONICAL)
			 : "memory");
	expect_fault_missing();
}
