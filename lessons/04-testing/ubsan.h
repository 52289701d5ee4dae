/**
 * @file
 * The kernel's own runtime for the undefined-behaviour sanitizer (UBSan).
 *
 * With `-fsanitize=...`, gcc and clang add a check before each operation
 * whose result C leaves undefined (a shift by 64, a signed overflow, a
 * misaligned or out-of-bounds access...) and call a `__ubsan_handle_*`
 * function when the check fails. A hosted program gets those functions
 * from libubsan; a kernel has no library, so ubsan.c provides them. Each
 * prints what went wrong, where, and the values involved, on serial and on
 * screen through the report path that never waits for a lock, and fails
 * the running KTEST. `make test` runs every lesson's in-kernel tests once
 * more in a kernel built this way (ktest_ubsan); chapter 04 explains which
 * checks it turns on and why.
 */
#ifndef UBSAN_H
#define UBSAN_H

#include <stdbool.h>

/**
 * Says whether undefined behaviour outside a KTEST is expected (a test
 * kernel that commits it on purpose) or panics (any other kernel).
 * @param expected true: only report and count; false: panic
 */
void ubsan_expect_reports(bool expected);

/**
 * The number of undefined-behaviour reports since the kernel started.
 * @return the count
 */
unsigned ubsan_report_count(void);

#endif
