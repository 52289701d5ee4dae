/*
 * Host tests of the exception table and the error-code decoders
 * (lessons/05-exceptions/exception_table.c and error_code.c): the vectors
 * that carry an error code, the names, the page-fault bits and the selector
 * error code, including codes a real fault produces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "error_code.h"
#include "exception_table.h"

static void error_code_vectors(void **state)
{
	/* The list from the Intel and AMD manuals, written out independently. */
	static const int with_error_code[] = { 8, 10, 11, 12, 13, 14, 17, 21, 29, 30 };
	bool expected[EXCEPTION_VECTORS] = { false };

	(void)state;
	for (size_t i = 0; i < sizeof(with_error_code) / sizeof(with_error_code[0]); i++)
		expected[with_error_code[i]] = true;
	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++)
		assert_int_equal(exception_has_error_code(vector), expected[vector]);
	assert_false(exception_has_error_code(32));
	assert_false(exception_has_error_code(255));
	assert_false(exception_has_error_code(UINT64_MAX));
}

static void names_and_mnemonics(void **state)
{
	(void)state;
	assert_string_equal(exception_info(0)->mnemonic, "#DE");
	assert_string_equal(exception_info(3)->name, "Breakpoint");
	assert_string_equal(exception_info(6)->mnemonic, "#UD");
	assert_string_equal(exception_info(8)->name, "Double Fault");
	assert_string_equal(exception_info(13)->mnemonic, "#GP");
	assert_string_equal(exception_info(14)->name, "Page Fault");
	assert_string_equal(exception_info(2)->mnemonic, "NMI");
	assert_string_equal(exception_info(15)->name, "Reserved");
	assert_null(exception_info(32));
	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++) {
		assert_non_null(exception_info(vector)->name);
		assert_non_null(exception_info(vector)->mnemonic);
	}
}

static void page_fault_null_read(void **state)
{
	/* Reading address 0 in the kernel: page 0 is not mapped. */
	struct page_fault_error e = page_fault_error_decode(0);

	(void)state;
	assert_false(e.present);
	assert_false(e.write);
	assert_false(e.user);
	assert_false(e.reserved_bit);
	assert_false(e.instruction_fetch);
}

static void page_fault_each_bit(void **state)
{
	(void)state;
	assert_true(page_fault_error_decode(PAGE_FAULT_PRESENT).present);
	assert_true(page_fault_error_decode(PAGE_FAULT_WRITE).write);
	assert_true(page_fault_error_decode(PAGE_FAULT_USER).user);
	assert_true(page_fault_error_decode(PAGE_FAULT_RESERVED_BIT).reserved_bit);
	assert_true(page_fault_error_decode(PAGE_FAULT_INSTRUCTION_FETCH).instruction_fetch);
	/* Writing to a read-only kernel page: 0x3. */
	struct page_fault_error e = page_fault_error_decode(0x3);
	assert_true(e.present);
	assert_true(e.write);
	assert_false(e.user);
	/* Executing a no-execute page: present + fetch = 0x11. */
	e = page_fault_error_decode(0x11);
	assert_true(e.present && e.instruction_fetch && !e.write);
	/* Bits the lessons do not decode (protection key, shadow stack) are ignored. */
	e = page_fault_error_decode(0x20 | 0x40 | 0x8000);
	assert_false(e.present || e.write || e.user || e.reserved_bit || e.instruction_fetch);
}

static void selector_in_gdt(void **state)
{
	/* mov ds with selector 0x50 past the GDT's limit: #GP(0x50). */
	struct selector_error e = selector_error_decode(0x50);

	(void)state;
	assert_false(e.external);
	assert_int_equal(e.table, DESCRIPTOR_TABLE_GDT);
	assert_int_equal(e.index, 10);
	assert_string_equal(descriptor_table_name(e.table), "GDT");
}

static void selector_in_idt(void **state)
{
	/* A not-present gate 14: #NP(14 * 8 + 2); with EXT when a fault caused it. */
	struct selector_error e = selector_error_decode(14 * 8 + 2);

	(void)state;
	assert_false(e.external);
	assert_int_equal(e.table, DESCRIPTOR_TABLE_IDT);
	assert_int_equal(e.index, 14);
	e = selector_error_decode(255 * 8 + 3);
	assert_true(e.external);
	assert_int_equal(e.table, DESCRIPTOR_TABLE_IDT);
	assert_int_equal(e.index, 255);
	/* With the IDT bit set, the LDT bit is not looked at. */
	assert_int_equal(selector_error_decode(0x6).table, DESCRIPTOR_TABLE_IDT);
	assert_string_equal(descriptor_table_name(DESCRIPTOR_TABLE_IDT), "IDT");
}

static void selector_in_ldt(void **state)
{
	struct selector_error e = selector_error_decode(0xfffc);

	(void)state;
	assert_int_equal(e.table, DESCRIPTOR_TABLE_LDT);
	assert_int_equal(e.index, 0x1fff);
	assert_int_equal(selector_error_decode(0xffffffff0000fff8).index, 0x1fff);
}

static void which_vectors_have_selector_codes(void **state)
{
	(void)state;
	for (int vector = 0; vector < 256; vector++)
		assert_int_equal(is_selector_error_vector(vector),
				 vector == 10 || vector == 11 || vector == 12 || vector == 13);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_code_vectors),
		cmocka_unit_test(names_and_mnemonics),
		cmocka_unit_test(page_fault_null_read),
		cmocka_unit_test(page_fault_each_bit),
		cmocka_unit_test(selector_in_gdt),
		cmocka_unit_test(selector_in_idt),
		cmocka_unit_test(selector_in_ldt),
		cmocka_unit_test(which_vectors_have_selector_codes),
	};
	return cmocka_run_group_tests_name("error_code", tests, NULL, NULL);
}
