/*
 * Test kernel: the TSS the CPU uses lies within one page, whatever the
 * link places around it (S4 of the 2026-11 code review).
 *
 * The CPU reads the TSS on every interrupt that switches stacks (IST1 for
 * the double fault, IST2 for the NMI). Intel's manual asks that a TSS not
 * cross a page boundary: the two halves could be mapped apart. The 104-byte
 * TSS never crosses one if its address is a multiple of 128, the power of
 * two its size rounds up to, so that is what the first test asks; an
 * alignment that only happens to hold in today's layout would pass the
 * second test and fail the first. The address is the one in the task
 * register's descriptor, the one the CPU uses.
 */
#include <stdint.h>
#include "descriptor.h"
#include "gdt.h"
#include "kernel_init.h"
#include "ktest.h"
#include "page_size.h"
#include "tss.h"

/* sizeof(struct tss) rounded up to a power of two. */
#define TSS_ALIGNMENT 128

_Static_assert(sizeof(struct tss) <= TSS_ALIGNMENT && PAGE_SIZE % TSS_ALIGNMENT == 0,
	       "an aligned TSS fits between two page boundaries");

void kernel_main(uint32_t magic, uint64_t boot_info);

static uintptr_t tss_address(void)
{
	return (uintptr_t)system_descriptor_base(&gdt_current()->tss);
}

KTEST(tss_address_is_a_multiple_of_128)
{
	ASSERT_EQ(tss_address() % TSS_ALIGNMENT, 0);
}

KTEST(tss_first_and_last_byte_share_a_page)
{
	uintptr_t first = tss_address();

	ASSERT_EQ(first / PAGE_SIZE, (first + sizeof(struct tss) - 1) / PAGE_SIZE);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	ktest_run_file_and_exit(__FILE__);
}
