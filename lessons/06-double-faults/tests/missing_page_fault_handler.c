/*
 * Expected-fault test kernel: a page fault with no #PF handler installed
 * ends in a double fault.
 *
 * What "no handler" means matters here. In this kernel a vector without a
 * handler has a gate that is not present (idt.c). Delivering the page
 * fault therefore fails: the CPU finds gate 14 not present and raises #NP
 * (a "contributory" exception) while still delivering the #PF. A page
 * fault followed by a contributory exception during its delivery is one of
 * the combinations the CPU turns into #DF. So this test exercises the path
 * #PF -> #NP -> #DF; the stack is fine all along. (Had the gate been present
 * with a C handler that does nothing, there would be no double fault at
 * all: the faulting instruction would simply fault again, forever.)
 */
#include <stdbool.h>
#include <stdint.h>
#include "exception_table.h"
#include "expect_fault.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "serial_print.h"
#include "tss.h"
#include "x86.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

/* Past the first 1 GiB, the only memory boot32.asm maps. */
#define UNMAPPED_ADDRESS 0x40001234

static void check(const struct interrupt_frame *frame)
{
	expect_equal("error code", frame->error_code, 0);
	expect_equal("CR2 (the page fault's address)", read_cr2(), UNMAPPED_ADDRESS);
	expect_equal("frame on the double-fault stack",
		     tss_on_double_fault_stack((uintptr_t)frame), true);
	expect_equal("#PF gate still absent", idt_handler(EXCEPTION_PAGE_FAULT) == NULL, true);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	uint64_t value;

	(void)magic;
	(void)boot_info;
	kernel_init();
	idt_set_handler(EXCEPTION_PAGE_FAULT, NULL, 0);	/* gate 14 not present */
	expect_fault("missing_page_fault_handler", EXCEPTION_DOUBLE_FAULT, check);
	serial_printf("missing_page_fault_handler: reading 0x%x with no #PF handler\n",
		      UNMAPPED_ADDRESS);
	__asm__ volatile("movq (%1), %0" : "=r"(value) : "r"((uintptr_t)UNMAPPED_ADDRESS) : "memory");
	expect_fault_missing();
}
