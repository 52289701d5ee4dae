/*
 * Integration test: the timer ticks at the rate it was programmed for.
 *
 * Counting ticks says nothing on its own: the count has to be compared
 * with a clock that does not come from the PIT. This test uses the
 * real-time clock (RTC) in the CMOS chip, which QEMU drives from the host's
 * clock by default: it counts PIT ticks between RTC second boundaries and
 * compares them with what the programmed rate promises.
 *
 * The tolerance is 10%. A real PIT is exact to a few parts per million,
 * but under emulation the guest can be late to take an interrupt (the host
 * is busy, for example running other tests), and the edges of the RTC
 * seconds are seen only at the next tick. Both errors stay well under 10%;
 * a wrong divisor (a forgotten high byte, a rate off by a factor) or ticks
 * counted twice lands far outside, so the test can fail.
 */
#include <stdint.h>
#include "kernel_init.h"
#include "pit.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "x86.h"

#define CMOS_INDEX  0x70 /* write: which CMOS register (bit 7 set would mask NMIs) */
#define CMOS_DATA   0x71 /* read: the register's value */
#define RTC_SECONDS 0x00 /* register 0: seconds, in BCD by default */

#define MEASURED_SECONDS  3
#define TOLERANCE_PERCENT 10

void kernel_main(uint32_t magic, uint64_t boot_info);

static uint8_t rtc_seconds(void)
{
	outb(CMOS_INDEX, RTC_SECONDS);
	return inb(CMOS_DATA);
}

/* Halts until the RTC's seconds change (woken by every timer tick). */
static void wait_for_next_second(void)
{
	uint8_t now = rtc_seconds();

	while (rtc_seconds() == now)
		hlt();
}

/* Ticks counted during whole RTC seconds at one rate; true if within the tolerance. */
static int measure(uint32_t hz)
{
	pit_set_frequency(hz);
	wait_for_next_second(); /* start on an edge */
	uint64_t start = pit_ticks();

	for (int i = 0; i < MEASURED_SECONDS; i++)
		wait_for_next_second();
	uint64_t counted = pit_ticks() - start;
	uint64_t expected = (uint64_t)MEASURED_SECONDS * pit_frequency();
	uint64_t margin = expected * TOLERANCE_PERCENT / 100;
	int ok = counted + margin >= expected && counted <= expected + margin;

	serial_printf("timer rate %u Hz: %llu ticks in %d RTC seconds, expected %llu +- %llu: %s\n",
		      hz, (unsigned long long)counted, MEASURED_SECONDS,
		      (unsigned long long)expected, (unsigned long long)margin,
		      ok ? "ok" : "wrong");
	return ok;
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	int ok = measure(PIT_DEFAULT_HZ);

	ok &= measure(250); /* a second rate: the divisor arithmetic, not a lucky constant */
	qemu_exit(ok ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}
