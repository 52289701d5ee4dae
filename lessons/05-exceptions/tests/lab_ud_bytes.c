/*
 * Lab 5.1's grader: the #UD report shows the bytes at RIP. The invalid
 * instruction (ud2, 0f 0b) is followed by four known bytes that are never
 * executed, so the report's line must start "code at RIP: 0f 0b de ad be ef".
 * The instructor's hidden variant builds this file with other BYTES.
 */
#include <stdint.h>
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "serial_print.h"
#include "stringify.h"

#ifndef BYTES
#define BYTES 0xde, 0xad, 0xbe, 0xef
#endif

void kernel_main(uint32_t magic, uint64_t boot_info);

extern const char lab_invalid_instruction[];

static void check(const struct interrupt_frame *frame)
{
	expect_equal("RIP", frame->rip, (uintptr_t)lab_invalid_instruction);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault("lab_ud_bytes", EXCEPTION_INVALID_OPCODE, check);
	/* The bytes are not printed: only the report may show them as text. */
	serial_printf("lab 5.1: executing ud2\n");
	__asm__ volatile(".global lab_invalid_instruction\n"
			 "lab_invalid_instruction: ud2\n"
			 ".byte " STRINGIFY(BYTES));
	expect_fault_missing();
}
