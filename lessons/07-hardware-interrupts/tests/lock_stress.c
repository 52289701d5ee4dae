/*
 * Integration test: printing from the timer interrupt and from the main
 * loop at the same time does not deadlock.
 *
 * The main loop prints lines without pause, so it holds the console lock
 * nearly all the time, and the timer (sped up to 1000 Hz) prints on every
 * tick. With lesson 03's spinlock the first tick that lands while the main
 * loop holds the lock spins in the handler forever, and the test runner
 * stops the kernel as a hang. With this lesson's lock, interrupts are off
 * while the lock is held, the tick waits until kprintf() is done, and the
 * kernel exits after a tenth of a second: 100 ticks, each of which prints while
 * the main loop is printing too.
 */
#include <stdint.h>
#include "console.h"
#include "kernel_init.h"
#include "pit.h"
#include "qemu_exit.h"
#include "serial_print.h"

#define STRESS_HZ      1000
#define STRESS_MS      100

void kernel_main(uint32_t magic, uint64_t boot_info);

static volatile uint64_t timer_prints;

//! [timer prints]
static void print_from_timer(uint64_t ticks)
{
	kprintf("[tick %llu]", (unsigned long long)ticks);
	timer_prints++;
}
//! [timer prints]

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	unsigned long lines = 0;

	(void)magic;
	(void)boot_info;
	kernel_init();
	pit_set_frequency(STRESS_HZ);
	serial_printf("lock stress: the timer and the main loop both print for %d ms\n",
		      STRESS_MS);
	uint64_t stress_ticks = (uint64_t)STRESS_MS * pit_frequency() / 1000;
	uint64_t end = pit_ticks() + stress_ticks;

	pit_set_tick_hook(print_from_timer);
	while (pit_ticks() < end)
		kprintf("main loop, line %lu: the quick brown fox jumps over the lazy dog\n",
			lines++);
	pit_set_tick_hook(NULL);

	serial_printf("lock stress: done, %lu lines from the main loop, %llu from the timer\n",
		      lines, (unsigned long long)timer_prints);
	/* Both sides must really have printed, or nothing was stressed. */
	if (lines == 0 || timer_prints < stress_ticks / 2)
		qemu_exit(QEMU_EXIT_FAILURE);
	qemu_exit(QEMU_EXIT_SUCCESS);
}
