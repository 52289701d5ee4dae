/*
 * The panic hook of test kernels that expect a panic (see expect_panic.h):
 * it turns "the code under test panicked" into the result line and the
 * QEMU exit code of a passed test.
 */
#include "expect_panic.h"
#include "panic.h"
#include "qemu_exit.h"
#include "serial_print.h"

static const char *test_name = "expect_panic";

//! [hook]
static void panic_means_success(const char *message)
{
	(void)message;	/* panic() already sent it to serial */
	serial_printf("%s ... [ok]\n", test_name);
	qemu_exit(QEMU_EXIT_SUCCESS);
}

void expect_panic(const char *name)
{
	test_name = name;
	panic_set_hook(panic_means_success);
}

noreturn void expect_panic_missing(const char *file, int line, const char *what)
{
	serial_printf("%s:%d: %s instead of panicking\n", file, line, what);
	serial_printf("%s ... [failed]\n", test_name);
	qemu_exit(QEMU_EXIT_FAILURE);
}
//! [hook]
