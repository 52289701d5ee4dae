/*
 * Host tests of lesson 06's GDT construction (lessons/06-double-faults/
 * descriptor.c and gdt.c): the kernel code and data descriptors compared
 * with the values Linux uses for the same segments, the TSS descriptor's
 * scattered base, and the whole table gdt_init() would load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "gdt.h"

static uint64_t as_u64(const void *descriptor)
{
	uint64_t value;

	memcpy(&value, descriptor, sizeof(value));
	return value;
}

static void base_and_limit_round_trip(void **state)
{
	struct segment_descriptor d = segment_descriptor_make(0x12345678, 0xabcde, 0, 0);

	(void)state;
	assert_int_equal(segment_descriptor_base(&d), 0x12345678);
	assert_int_equal(segment_descriptor_limit(&d), 0xabcde);
	/* A limit has 20 bits: the rest is dropped, not spilled into the flags. */
	d = segment_descriptor_make(0, 0xfffffff, 0, 0);
	assert_int_equal(segment_descriptor_limit(&d), 0xfffff);
	assert_int_equal(d.limit_high_flags >> 4, 0);
}

static void tss_descriptor_layout(void **state)
{
	struct system_descriptor d = tss_descriptor_make(0xffff800012345678, 103);

	(void)state;
	/* limit 0x67, base 0-15, base 16-23, present + type 9, no flags, base 24-31 */
	assert_int_equal(as_u64(&d.low), 0x1200893456780067);
	assert_int_equal(d.base_upper, 0xffff8000);
	assert_int_equal(d.reserved, 0);
	assert_int_equal(system_descriptor_base(&d), 0xffff800012345678);
	assert_int_equal(d.low.access & SEGMENT_TYPE_MASK, SYSTEM_TYPE_TSS_AVAILABLE);
	assert_int_equal(d.low.access & SEGMENT_CODE_DATA, 0);	/* a system descriptor */
}

static void kernel_gdt(void **state)
{
	static struct tss tss;
	struct gdt gdt;

	(void)state;
	memset(&gdt, 0xaa, sizeof(gdt));
	gdt_build(&gdt, &tss);
	assert_int_equal(as_u64(&gdt.null), 0);
	/* The same descriptors as Linux's __KERNEL_CS and __KERNEL_DS. */
	assert_int_equal(as_u64(&gdt.kernel_code), 0x00af9b000000ffff);
	assert_int_equal(as_u64(&gdt.kernel_data), 0x00cf93000000ffff);
	assert_int_equal(system_descriptor_base(&gdt.tss), (uint64_t)(uintptr_t)&tss);
	assert_int_equal(segment_descriptor_limit(&gdt.tss.low), sizeof(struct tss) - 1);
	assert_int_equal(gdt.tss.low.access, SEGMENT_PRESENT | SYSTEM_TYPE_TSS_AVAILABLE);
	assert_int_equal(gdt.tss.reserved, 0);
}

static void selectors_are_offsets(void **state)
{
	(void)state;
	assert_int_equal(GDT_KERNEL_CODE_SELECTOR, 1 * 8);
	assert_int_equal(GDT_KERNEL_DATA_SELECTOR, 2 * 8);
	assert_int_equal(GDT_TSS_SELECTOR, 3 * 8);
	assert_int_equal(sizeof(struct gdt), 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base_and_limit_round_trip),
		cmocka_unit_test(tss_descriptor_layout),
		cmocka_unit_test(kernel_gdt),
		cmocka_unit_test(selectors_are_offsets),
	};
	return cmocka_run_group_tests_name("descriptor", tests, NULL, NULL);
}
