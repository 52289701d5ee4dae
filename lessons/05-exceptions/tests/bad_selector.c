/*
 * Expected-fault test kernel: loading DS with a selector past the end of
 * the GDT must raise #GP, and this time the error code names the culprit:
 * selector 0x50 is index 10 in the GDT, which has only 3 entries (boot32.asm).
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

#define BAD_SELECTOR 0x50	/* index 10, GDT, ring 0 */

static void check(const struct interrupt_frame *frame)
{
	struct selector_error e = selector_error_decode(frame->error_code);

	expect_equal("error code", frame->error_code, BAD_SELECTOR);
	expect_equal("table", e.table, DESCRIPTOR_TABLE_GDT);
	expect_equal("selector index", e.index, BAD_SELECTOR >> 3);
	expect_equal("external", e.external, false);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault("general_protection_bad_selector", EXCEPTION_GENERAL_PROTECTION, check);
	serial_printf("general_protection_bad_selector: loading DS with 0x%x\n", BAD_SELECTOR);
	load_ds(BAD_SELECTOR);
	expect_fault_missing();
}
