/*
 * The fatal-exception hook of test kernels that expect a fault: it turns
 * "the kernel stopped with exception N and these fields" into a QEMU exit
 * code the test runner understands.
 */
#include <stdbool.h>
#include "exception_table.h"
#include "exceptions.h"
#include "expect_fault.h"
#include "qemu_exit.h"
#include "serial_print.h"

static const char *test_name = "expect_fault";
static uint8_t expected_vector;
static fault_check expected_check;
static bool mismatch;

void expect_equal(const char *what, uint64_t actual, uint64_t expected)
{
	if (actual == expected)
		return;
	serial_printf("%s: %s is 0x%lx, expected 0x%lx\n", test_name, what, actual, expected);
	mismatch = true;
}

static noreturn void fail(void)
{
	serial_printf("%s ... [failed]\n", test_name);
	qemu_exit(QEMU_EXIT_FAILURE);
}

//! [hook]
static void check_fault(const struct interrupt_frame *frame)
{
	const struct exception_info *info = exception_info(expected_vector);

	if (frame->vector != expected_vector) {
		serial_printf("%s: expected exception %u (%s), got %lu\n", test_name,
			      expected_vector, info ? info->mnemonic : "?", frame->vector);
		fail();
	}
	if (expected_check)
		expected_check(frame);
	if (mismatch) {
		serial_printf("%s: %s, but not as expected\n", test_name,
			      info ? info->mnemonic : "?");
		fail();
	}
	serial_printf("%s: %s as expected\n", test_name, info ? info->mnemonic : "?");
	/* The same result line as an in-kernel test, so the runner counts it. */
	serial_printf("%s ... [ok]\n", test_name);
	qemu_exit(QEMU_EXIT_SUCCESS);
}
//! [hook]

void expect_fault(const char *name, uint8_t vector, fault_check check)
{
	test_name = name;
	expected_vector = vector;
	expected_check = check;
	mismatch = false;
	exception_set_fatal_hook(check_fault);
}

noreturn void expect_fault_missing(void)
{
	serial_printf("%s: the code that should have faulted returned\n", test_name);
	fail();
}
