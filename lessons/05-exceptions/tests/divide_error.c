/*
 * Expected-fault test kernel: dividing by zero must raise #DE. The report
 * also carries the registers of the moment: RAX still holds the dividend
 * and RCX the zero divisor, which the check compares.
 *
 * The division is written in assembly: in C, dividing by zero is undefined
 * behaviour that the compiler may remove or replace.
 */
#include <stdint.h>
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "serial_print.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

#define DIVIDEND 1234

extern const char divide_by_zero[];

static void check(const struct interrupt_frame *frame)
{
	expect_equal("RIP", frame->rip, (uintptr_t)divide_by_zero);
	expect_equal("RAX (dividend)", frame->rax, DIVIDEND);
	expect_equal("RCX (divisor)", frame->rcx, 0);
	expect_equal("error code", frame->error_code, 0);	/* #DE has none: the stub's 0 */
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	uint64_t quotient = DIVIDEND;

	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault("divide_error", EXCEPTION_DIVIDE_ERROR, check);
	serial_printf("divide_error: dividing %d by zero\n", DIVIDEND);
	__asm__ volatile("xor %%edx, %%edx\n"
			 ".global divide_by_zero\n"
			 "divide_by_zero: divq %1"
			 : "+a"(quotient)
			 : "c"((uint64_t)0)
			 : "rdx", "cc");
	expect_fault_missing();
}
