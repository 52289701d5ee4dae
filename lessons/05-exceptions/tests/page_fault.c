/*
 * Expected-fault test kernel: reading address 0 must raise #PF. Page 0 is
 * left unmapped by boot32.asm, so the fault comes with CR2 = 0 and an
 * error code that says "not present, read, kernel mode".
 *
 * The read is written in assembly: in C, reading through a null pointer is
 * undefined behaviour, and compilers are allowed to replace it with
 * anything (clang emits ud2, which would be a different exception).
 */
#include <stdbool.h>
#include <stdint.h>
#include "error_code.h"
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "serial_print.h"
#include "x86.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

extern const char null_read[];	/* the faulting instruction, labelled below */

//! [check]
static void check(const struct interrupt_frame *frame)
{
	struct page_fault_error e = page_fault_error_decode(frame->error_code);

	expect_equal("CR2", read_cr2(), 0);
	expect_equal("present", e.present, false);
	expect_equal("write", e.write, false);
	expect_equal("user", e.user, false);
	expect_equal("reserved bit", e.reserved_bit, false);
	expect_equal("instruction fetch", e.instruction_fetch, false);
	/* A fault: RIP is the instruction that failed, so it can run again. */
	expect_equal("RIP", frame->rip, (uintptr_t)null_read);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	uint64_t value;

	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault("page_fault_null_read", EXCEPTION_PAGE_FAULT, check);
	serial_printf("page_fault_null_read: reading address 0\n");
	__asm__ volatile(".global null_read\n"
			 "null_read: movq (%1), %0"
			 : "=r"(value)
			 : "r"((uintptr_t)0)
			 : "memory");
	expect_fault_missing();
}
//! [check]
