/**
 * @file
 * A time limit for in-kernel tests, kept by the timer interrupt.
 *
 * Lesson 04's test runner cannot stop a test that never returns: until
 * this lesson nothing but the test itself runs on the CPU. Now the timer
 * interrupts whatever is running, so its handler can watch the running
 * test (ktest_current()) and panic once a test has run longer than the
 * limit. The panic hook of the test kernel then fails that test by name,
 * instead of the whole test kernel ending in a "hang".
 */
#ifndef KTEST_WATCHDOG_H
#define KTEST_WATCHDOG_H

#include <stdint.h>

/** The time limit of one in-kernel test that test kernels start with, in milliseconds. */
#define KTEST_TIME_LIMIT_MS 10000u

/**
 * Starts watching the tests with a time limit (lab 7.2): installs a PIT tick
 * hook that panics with "ktest: NAME ran longer than its time limit of N ms"
 * when one test has been running for more than limit_ms. Call it again to
 * change the limit. kernel_init() calls it in test kernels.
 * @param limit_ms the limit for each test, in milliseconds (at least 1)
 */
void ktest_watchdog_init(uint32_t limit_ms);

#endif
