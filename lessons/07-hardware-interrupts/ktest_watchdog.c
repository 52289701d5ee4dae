/*
 * The watchdog of the in-kernel tests: on every timer tick, look at which
 * test is running, and since when.
 */
#include <stddef.h>
#include "console.h"
#include "ktest.h"
#include "ktest_watchdog.h"
#include "panic.h"
#include "pit.h"

static uint32_t limit; /* milliseconds */

// LAB 7.2 BEGIN: the tick hook that keeps the limit
static const struct ktest *watched; /* the test seen at the last tick */
static uint64_t started;	    /* the tick when it was first seen */

/* Runs in the timer interrupt, on every tick (pit_set_tick_hook()). */
static void watchdog_tick(uint64_t ticks)
{
	const struct ktest *test = ktest_current();

	if (test != watched) { /* a new test, or none: start counting again */
		watched = test;
		started = ticks;
		return;
	}
	if (test != NULL && (ticks - started) * 1000 > (uint64_t)limit * pit_frequency())
		panicf("ktest: %s ran longer than its time limit of %u ms", test->name, limit);
}
// LAB 7.2 STUB
// /* Lab 7.2: on every tick, panic if the running test has run too long. */
// static void watchdog_tick(uint64_t ticks)
// {
// 	(void)ticks;
// }
// LAB 7.2 END

void ktest_watchdog_init(uint32_t limit_ms)
{
	if (limit_ms == 0)
		panic("ktest_watchdog_init: a time limit of 0 ms");
	limit = limit_ms;
	pit_set_tick_hook(watchdog_tick);
}
