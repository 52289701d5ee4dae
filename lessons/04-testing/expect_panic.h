/**
 * @file
 * Test kernels that expect a panic, in the spirit of Rust's
 * `#[should_panic]`: the test passes only if the code under test panics.
 *
 * panic() never returns, so such a test needs a kernel of its own, whose
 * panic hook is the pass. A test kernel calls expect_panic() and then the
 * code that must panic; if that code returns instead, the kernel calls
 * expect_panic_missing() and fails. Lesson 05's expect_fault.h does the
 * same for CPU exceptions.
 */
#ifndef EXPECT_PANIC_H
#define EXPECT_PANIC_H

#include <stdnoreturn.h>

/**
 * Arms the test: from now on a panic ends it with success, printing
 * `name ... [ok]` on serial (panic() has already printed its message there,
 * which the test's spec can check) and exiting QEMU with QEMU_EXIT_SUCCESS.
 * @param name the test's name, as its result line shows it
 */
void expect_panic(const char *name);

/**
 * Fails the test because the code that should have panicked returned:
 * prints `file:line: what instead of panicking`, then `name ... [failed]`
 * (the reason first, as ktest.c does), and exits QEMU with
 * QEMU_EXIT_FAILURE.
 * @param file the test kernel's source file: pass __FILE__
 * @param line the line after the call that returned: pass __LINE__
 * @param what what happened instead, such as "map_page returned"
 */
noreturn void expect_panic_missing(const char *file, int line, const char *what);

#endif
