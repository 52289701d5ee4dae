/**
 * @file
 * In-kernel unit tests: declare a test with KTEST(name) anywhere in a
 * lesson's sources, check with ASSERT, ASSERT_EQ and ASSERT_STR_EQ.
 *
 * There is no list of tests to maintain. In a test build (compiled with
 * -DKTEST_BUILD) every KTEST also emits a descriptor, a struct ktest, into
 * the linker section ".ktests". The linker script collects the descriptors
 * of all object files one after another between the symbols __ktests_start
 * and __ktests_end, and the runner (ktest_run_all()) walks that array. In a
 * normal build the test function is still compiled, so it cannot rot, but
 * nothing refers to it and the compiler leaves it out.
 *
 * An assertion that fails prints the file, the line and the values on the
 * serial port, marks the test failed and returns from the function it is in,
 * so the assertions belong in a KTEST body or in a void helper it calls.
 */
#ifndef KTEST_H
#define KTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

// [descriptor]
/** One test, as KTEST() records it in the .ktests section. */
struct ktest {
	const char *name; /**< the name given to KTEST(), printed in the results */
	const char *file; /**< the source file that declares it */
	int line;	  /**< the line of the KTEST() */
	void (*run)(void); /**< the test's body */
};
// [descriptor]

_Static_assert(sizeof(struct ktest) % 8 == 0,
	       "descriptors lie back to back in .ktests: their size must keep them 8-byte aligned");

// [macro]
#ifdef KTEST_BUILD
/**
 * Emits the descriptor of test `name` into the .ktests section (test builds
 * only; empty otherwise). It is const (read-only data), "used" so that the
 * compiler keeps it although no code refers to it, and 8-byte aligned like
 * the array that the runner sees.
 */
#define KTEST_DESCRIPTOR(name)                                                      \
	static const struct ktest ktest_descriptor_##name                          \
		__attribute__((section(".ktests"), used, aligned(8))) = {          \
			#name, __FILE__, __LINE__, ktest_##name                    \
		};
#else
#define KTEST_DESCRIPTOR(name)
#endif

/**
 * Declares a test; write its body in braces after it:
 * `KTEST(adds_up) { ASSERT_EQ(1 + 1, 2); }`. The name must be unique in the
 * kernel and is printed as `name ... [ok]` or `name ... [failed]`.
 */
#define KTEST(name)                                                                 \
	static void ktest_##name(void) __attribute__((unused));                     \
	KTEST_DESCRIPTOR(name)                                                      \
	static void ktest_##name(void)
// [macro]

// [asserts]
/** Fails the test if cond is false, printing the condition. */
#define ASSERT(cond)                                                                \
	do {                                                                        \
		if (!(cond)) {                                                      \
			ktest_fail(__FILE__, __LINE__, "ASSERT(%s) is false", #cond);  \
			return;                                                     \
		}                                                                   \
	} while (0)

/** Fails the test unless two integers are equal; prints both, signed and in hex. */
#define ASSERT_EQ(a, b)                                                             \
	do {                                                                        \
		int64_t ktest_a_ = (int64_t)(a);                                    \
		int64_t ktest_b_ = (int64_t)(b);                                    \
		if (ktest_a_ != ktest_b_) {                                         \
			ktest_fail(__FILE__, __LINE__,                              \
				   "ASSERT_EQ(%s, %s): %lld (0x%llx) != %lld (0x%llx)", \
				   #a, #b, (long long)ktest_a_,                     \
				   (unsigned long long)ktest_a_, (long long)ktest_b_, \
				   (unsigned long long)ktest_b_);                   \
			return;                                                     \
		}                                                                   \
	} while (0)

/** Fails the test unless two strings are equal (two NULLs are equal); prints both. */
#define ASSERT_STR_EQ(a, b)                                                         \
	do {                                                                        \
		const char *ktest_a_ = (a);                                         \
		const char *ktest_b_ = (b);                                         \
		if (!ktest_strings_equal(ktest_a_, ktest_b_)) {                     \
			ktest_fail_strings(__FILE__, __LINE__, #a, #b, ktest_a_, ktest_b_); \
			return;                                                     \
		}                                                                   \
	} while (0)
// [asserts]

/**
 * Fails the test unless n bytes at a and b are equal; prints the offset of
 * the first byte that differs and both values there (lab 4.1). Each
 * argument is evaluated once.
 */
#define ASSERT_MEM_EQ(a, b, n)                                                      \
	do {                                                                        \
		const void *ktest_a_ = (a);                                         \
		const void *ktest_b_ = (b);                                         \
		size_t ktest_n_ = (n);                                              \
		size_t ktest_at_ = ktest_memory_difference(ktest_a_, ktest_b_, ktest_n_); \
		if (ktest_at_ < ktest_n_) {                                         \
			ktest_fail_memory(__FILE__, __LINE__, #a, #b, ktest_a_, ktest_b_, \
					  ktest_n_, ktest_at_);                     \
			return;                                                     \
		}                                                                   \
	} while (0)

/**
 * Marks the running test failed and prints why on the serial port, as
 * `FILE:LINE: message`. The assertions call it; a test may call it
 * directly for a check they cannot express.
 * @param file the source file of the failed check
 * @param line its line
 * @param fmt the message's format string
 * @param ... its arguments
 */
void ktest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Reports a failed ASSERT_STR_EQ: the two expressions and the two strings,
 * quoted (a NULL pointer prints as NULL), through ktest_fail().
 * @param file the source file of the failed check
 * @param line its line
 * @param expression_a the first expression, as written
 * @param expression_b the second expression, as written
 * @param a its value, or NULL
 * @param b the other value, or NULL
 */
void ktest_fail_strings(const char *file, int line, const char *expression_a,
			const char *expression_b, const char *a, const char *b);

/**
 * Compares two strings for ASSERT_STR_EQ.
 * @param a a string or NULL
 * @param b a string or NULL
 * @return true if both are NULL or both hold the same text
 */
bool ktest_strings_equal(const char *a, const char *b);

/**
 * Tells whether a KTEST is running, so that a checker outside the
 * framework (the UBSan runtime, ubsan.h) can fail it with ktest_fail().
 * @return true between the start and the end of a test
 */
bool ktest_running(void);

/**
 * Compares two memory ranges for ASSERT_MEM_EQ (lab 4.1).
 * @param a the first range
 * @param b the second range
 * @param n the length of each, in bytes
 * @return the offset of the first byte that differs, or n if none does
 */
size_t ktest_memory_difference(const void *a, const void *b, size_t n);

/**
 * Reports a failed ASSERT_MEM_EQ through ktest_fail(): both expressions,
 * the length, the offset of the first difference and the two bytes there,
 * as in `ASSERT_MEM_EQ(expected, actual, 8): byte 5 differs: 0x06 != 0x66`
 * (lengths in decimal, bytes as two lowercase hex digits) (lab 4.1).
 * @param file the source file of the failed check
 * @param line its line
 * @param expression_a the first range's expression, as written
 * @param expression_b the second range's expression, as written
 * @param a the first range
 * @param b the second range
 * @param n the length compared
 * @param offset where the first difference is (below n)
 */
void ktest_fail_memory(const char *file, int line, const char *expression_a,
		       const char *expression_b, const void *a, const void *b, size_t n,
		       size_t offset);

/**
 * Runs tests from the .ktests section in source order, printing
 * `name ... [ok]` or `name ... [failed]` for each on serial (after the
 * messages of its failed assertions) and `N passed, N failed` at the end,
 * counting this call's tests only. Before each test it shows `ktest: running name` on the screen, so that
 * the screen names a test that hangs.
 * @param file run only the tests declared in this source file (compare with
 *             __FILE__), or NULL for all of them
 * @return the number of tests that failed
 */
unsigned ktest_run_all(const char *file);

/**
 * The body of an integration-test kernel's kernel_main, after kernel_init():
 * installs ktest_panic_hook(), runs the tests declared in one file with
 * ktest_run_all() and exits QEMU with QEMU_EXIT_SUCCESS if all of them
 * passed, QEMU_EXIT_FAILURE otherwise.
 * @param file the test kernel's own source file: pass __FILE__
 */
noreturn void ktest_run_file_and_exit(const char *file);

/**
 * Runs the one test with this name, wherever it is declared, with the same
 * result line and summary as ktest_run_all() (lab 4.2). The test kernel
 * uses it for `test=NAME` on the kernel command line.
 * @param name the name given to KTEST(), compared whole; two tests with
 *        the same name panic
 * @return 0 if the test passed; 1 if it failed or no test has that name
 *         (then it prints `ktest: no test named NAME`)
 */
unsigned ktest_run_named(const char *name);

/**
 * The test that is running now, for code that watches tests from outside
 * them, such as lesson 07's time limit (ktest_watchdog.h).
 * @return its descriptor, or NULL between tests
 */
const struct ktest *ktest_current(void);

/**
 * A panic hook for test kernels (install it with panic_set_hook()): reports
 * the running test as failed with the panic message, prints the summary and
 * exits QEMU with QEMU_EXIT_FAILURE.
 * @param message the panic message
 */
void ktest_panic_hook(const char *message);

#endif
