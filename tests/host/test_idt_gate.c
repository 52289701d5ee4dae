/*
 * Host tests of the IDT gate encoding (lessons/05-exceptions/idt_gate.c):
 * the handler address split over three fields and put back together, the
 * selector, the IST index, the type and the present bit, checked against
 * the bytes the CPU reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "idt_gate.h"

static void splits_the_address(void **state)
{
	struct idt_gate gate = idt_gate_make(0xffff800012345678, 0x08, 0, true);

	(void)state;
	assert_int_equal(gate.offset_low, 0x5678);
	assert_int_equal(gate.offset_middle, 0x1234);
	assert_int_equal(gate.offset_high, 0xffff8000);
	assert_int_equal(gate.reserved, 0);
	assert_int_equal(idt_gate_handler(&gate), 0xffff800012345678);
}

static void round_trips_every_offset_bit(void **state)
{
	(void)state;
	for (int bit = 0; bit < 64; bit++) {
		uint64_t address = (uint64_t)1 << bit;
		struct idt_gate gate = idt_gate_make(address, 0x08, 0, true);

		assert_int_equal(idt_gate_handler(&gate), address);
	}
}

static void bytes_as_the_cpu_reads_them(void **state)
{
	/* Interrupt gate at 0x0000000000102030, selector 0x08, IST 1, present, DPL 0. */
	static const uint8_t expected[16] = {
		0x30, 0x20,		/* offset 0-15 */
		0x08, 0x00,		/* selector */
		0x01,			/* IST */
		0x8e,			/* present, DPL 0, type 0xE */
		0x10, 0x00,		/* offset 16-31 */
		0x00, 0x00, 0x00, 0x00,	/* offset 32-63 */
		0x00, 0x00, 0x00, 0x00,	/* reserved */
	};
	struct idt_gate gate = idt_gate_make(0x102030, 0x08, 1, true);

	(void)state;
	assert_memory_equal(&gate, expected, sizeof(expected));
}

static void present_bit_and_type(void **state)
{
	struct idt_gate absent = idt_gate_make(0x1000, 0x08, 0, false);
	struct idt_gate present = idt_gate_make(0x1000, 0x08, 0, true);

	(void)state;
	assert_false(idt_gate_present(&absent));
	assert_true(idt_gate_present(&present));
	/* A gate that is not present still holds its address and type. */
	assert_int_equal(absent.attributes, IDT_GATE_TYPE_INTERRUPT);
	assert_int_equal(idt_gate_handler(&absent), 0x1000);
	assert_int_equal(present.attributes, IDT_GATE_PRESENT | IDT_GATE_TYPE_INTERRUPT);
}

static void ist_index_keeps_three_bits(void **state)
{
	(void)state;
	for (uint8_t ist = 0; ist <= 7; ist++)
		assert_int_equal(idt_gate_make(0, 0x08, ist, true).ist, ist);
	assert_int_equal(idt_gate_make(0, 0x08, 0xf9, true).ist, 1);	/* upper bits dropped */
}

static void selector_is_kept(void **state)
{
	(void)state;
	assert_int_equal(idt_gate_make(0, 0x28, 0, true).selector, 0x28);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splits_the_address),
		cmocka_unit_test(round_trips_every_offset_bit),
		cmocka_unit_test(bytes_as_the_cpu_reads_them),
		cmocka_unit_test(present_bit_and_type),
		cmocka_unit_test(ist_index_keeps_three_bits),
		cmocka_unit_test(selector_is_kept),
	};
	return cmocka_run_group_tests_name("idt_gate", tests, NULL, NULL);
}
