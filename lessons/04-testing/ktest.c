/*
 * The in-kernel test runner: walks the descriptors that KTEST() put into
 * the .ktests section and reports each test on the serial port.
 *
 * Output, one line per test, in the form tools/run_tests.py counts. The
 * reasons for a failure come first, so that they stand between the previous
 * result and the result they explain:
 *
 *	assertions_pass_when_they_hold ... [ok]
 *	lessons/04-testing/ktest_tests.c:41: ASSERT_EQ(answer, 43): 42 (0x2a) != 43 (0x2b)
 *	deliberately_failing ... [failed]
 *	1 passed, 1 failed
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include "console.h"
#include "ktest.h"
#include "panic.h"
#include "qemu_exit.h"
#include "serial_print.h"

//! [section bounds]
/* Defined by common/kernel.ld around the .ktests input sections. */
extern const struct ktest __ktests_start[], __ktests_end[];
//! [section bounds]

#define KTEST_MAX 256	/* tests in one kernel, at most */

/* The running test, NULL between tests; volatile: lesson 07's watchdog
   reads it from the timer interrupt. */
static const struct ktest *volatile current;
static bool current_failed;		/* did it fail yet? */
static unsigned passed, failed;

//! [fail]
void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list args;

	if (current == NULL)
		serial_printf("ktest_fail called outside a test: ");
	current_failed = true;
	serial_printf("%s:%d: ", file, line);
	va_start(args, fmt);
	serial_vprintf(fmt, args);
	va_end(args);
	serial_printf("\n");
}
//! [fail]

void ktest_fail_strings(const char *file, int line, const char *expression_a,
			const char *expression_b, const char *a, const char *b)
{
	const char *qa = a ? "\"" : "", *qb = b ? "\"" : "";

	ktest_fail(file, line, "ASSERT_STR_EQ(%s, %s): %s%s%s != %s%s%s", expression_a,
		   expression_b, qa, a ? a : "NULL", qa, qb, b ? b : "NULL", qb);
}

bool ktest_running(void)
{
	return current != NULL;
}

bool ktest_strings_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool selected(const struct ktest *test, const char *file)
{
	return file == NULL || strcmp(test->file, file) == 0;
}

/*
 * Puts the selected tests in source order. Each object file's descriptors
 * are contiguous in the section, in whatever order its compiler emitted
 * them (gcc: last first), so sorting each file's run by line is enough.
 */
static size_t collect_tests(const char *file, const struct ktest **order)
{
	size_t count = 0;

	for (const struct ktest *test = __ktests_start; test < __ktests_end; test++) {
		/* Descriptors are 8-byte aligned and a multiple of 8 long, so they
		   lie back to back; a hole would mean the compiler padded them. */
		if (test->name == NULL || test->run == NULL || test->file == NULL)
			panic("ktest: incomplete descriptor in .ktests (padding between them?)");
		if (!selected(test, file))
			continue;
		if (count == KTEST_MAX)
			panic("ktest: more tests than KTEST_MAX");
		order[count++] = test;
	}
	for (size_t i = 1; i < count; i++) {
		const struct ktest *test = order[i];
		size_t j = i;

		while (j > 0 && strcmp(order[j - 1]->file, test->file) == 0 &&
		       order[j - 1]->line > test->line) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = test;
	}
	return count;
}

//! [run]
/* Runs one test and prints its result line; returns true if it passed. */
static bool run_one(const struct ktest *test)
{
	bool ok;

	current = test;
	current_failed = false;
	/* On the screen, so that a test that hangs can be named from it. */
	kprintf("ktest: running %s\n", test->name);
	test->run();
	ok = !current_failed;
	if (ok)
		passed++;
	else
		failed++;
	serial_printf("%s ... [%s]\n", test->name, ok ? "ok" : "failed");
	current = NULL;
	return ok;
}

unsigned ktest_run_all(const char *file)
{
	static const struct ktest *order[KTEST_MAX];
	size_t count = collect_tests(file, order);

	passed = failed = 0; /* each run counts its own tests */
	serial_printf("running %zu test%s\n", count, count == 1 ? "" : "s");
	for (size_t i = 0; i < count; i++)
		run_one(order[i]);
	serial_printf("%u passed, %u failed\n", passed, failed);
	return failed;
}
//! [run]

unsigned ktest_run_named(const char *name)
{
	// LAB 4.2 BEGIN: run one test by name
	const struct ktest *found = NULL;

	for (const struct ktest *test = __ktests_start; test < __ktests_end; test++) {
		if (strcmp(test->name, name) != 0)
			continue;
		if (found != NULL)
			panicf("ktest: two tests are named %s (%s:%d and %s:%d)", name, found->file,
			       found->line, test->file, test->line);
		found = test;
	}
	if (found == NULL) {
		serial_printf("ktest: no test named %s\n", name);
		return 1;
	}
	serial_printf("running 1 test\n");
	if (run_one(found)) {
		serial_printf("1 passed, 0 failed\n");
		return 0;
	}
	serial_printf("0 passed, 1 failed\n");
	return 1;
	// LAB 4.2 STUB
	// (void)name;
	// panic("lab 4.2 not implemented: ktest_run_named");
	// LAB 4.2 END
}

size_t ktest_memory_difference(const void *a, const void *b, size_t n)
{
	// LAB 4.1 BEGIN: where two memory ranges differ
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return i;
	}
	return n;
	// LAB 4.1 STUB
	// (void)a;
	// (void)b;
	// (void)n;
	// panic("lab 4.1 not implemented: ktest_memory_difference");
	// LAB 4.1 END
}

void ktest_fail_memory(const char *file, int line, const char *expression_a,
		       const char *expression_b, const void *a, const void *b, size_t n,
		       size_t offset)
{
	// LAB 4.1 BEGIN: say where they differ
	const unsigned char *x = a, *y = b;

	ktest_fail(file, line, "ASSERT_MEM_EQ(%s, %s, %zu): byte %zu differs: 0x%02x != 0x%02x",
		   expression_a, expression_b, n, offset, x[offset], y[offset]);
	// LAB 4.1 STUB
	// (void)file;
	// (void)line;
	// (void)expression_a;
	// (void)expression_b;
	// (void)a;
	// (void)b;
	// (void)n;
	// (void)offset;
	// panic("lab 4.1 not implemented: ktest_fail_memory");
	// LAB 4.1 END
}

const struct ktest *ktest_current(void)
{
	return current;
}

//! [panic hook]
void ktest_panic_hook(const char *message)
{
	/* panic() has already sent "panic: <message>" to serial. */
	if (current != NULL) {
		serial_printf("%s:%d: %s panicked: %s\n", current->file, current->line,
			      current->name, message);
		serial_printf("%s ... [failed]\n", current->name);
		failed++;
	} else {
		serial_printf("ktest: panic outside any test: %s\n", message);
	}
	serial_printf("%u passed, %u failed; the remaining tests did not run\n", passed, failed);
	qemu_exit(QEMU_EXIT_FAILURE);
}
//! [panic hook]

//! [run file and exit]
noreturn void ktest_run_file_and_exit(const char *file)
{
	panic_set_hook(ktest_panic_hook);	/* a panic fails the running test */
	if (ktest_run_all(file) == 0)
		qemu_exit(QEMU_EXIT_SUCCESS);
	qemu_exit(QEMU_EXIT_FAILURE);
}
//! [run file and exit]
