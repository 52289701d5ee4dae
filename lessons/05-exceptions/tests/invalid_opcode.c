/*
 * Expected-fault test kernel: ud2, the instruction defined to be invalid,
 * must raise #UD with RIP pointing at it.
 */
#include <stdint.h>
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "serial_print.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

extern const char invalid_instruction[];

static void check(const struct interrupt_frame *frame)
{
	expect_equal("RIP", frame->rip, (uintptr_t)invalid_instruction);
	expect_equal("error code", frame->error_code, 0);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault("invalid_opcode", EXCEPTION_INVALID_OPCODE, check);
	serial_printf("invalid_opcode: executing ud2\n");
	__asm__ volatile(".global invalid_instruction\n"
			 "invalid_instruction: ud2");
	expect_fault_missing();
}
