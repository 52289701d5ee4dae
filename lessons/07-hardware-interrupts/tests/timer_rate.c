/*
 * Integration test: the timer ticks at the rate it was programmed for.
 *
 * Counting ticks says nothing on its own: the count has to be compared
 * with a clock that does not come from the PIT. This test uses the
 * real-time clock (RTC) in the CMOS chip, which QEMU drives from the host's
 * clock by default; the spec (clock guest) runs it, and the PIT, on the
 * guest's own clock instead, so that a busy host costs no ticks. The RTC can raise a *periodic* flag at a rate of its
 * own (here 4 times a second); the test counts PIT ticks between two such
 * flags and compares the count with what the programmed rate promises.
 *
 * The tolerance is 10%. A real PIT is exact to a few parts per million.
 * Under emulation an RTC period's edges are seen only at the next tick (one
 * tick of error), and on the host's clock the guest can lose ticks when the
 * host stops running it for a moment (the host is busy, for example running
 * other tests). A
 * lost tick only ever lowers a count, so the test measures three periods
 * and judges the highest count. A wrong divisor (a forgotten high byte, a
 * rate off by a factor) or ticks counted twice is wrong in every period and
 * lands far outside, so the test can fail.
 */
#include <stdint.h>
#include "kernel_init.h"
#include "pit.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "x86.h"

#define CMOS_INDEX 0x70 /* write: which CMOS register (bit 7 set would mask NMIs) */
#define CMOS_DATA  0x71 /* read or write the register's value */
#define RTC_REG_A  0x0a /* bits 0-3: the periodic rate */
#define RTC_REG_B  0x0b /* bit 6: periodic interrupt enable */
#define RTC_REG_C  0x0c /* bit 6: a period ended; reading clears it */

#define RTC_RATE_4_HZ   14   /* rate code r gives 32768 >> (r - 1) Hz */
#define RTC_HZ          4
#define RTC_PERIODIC_ON 0x40 /* register B */
#define RTC_PERIOD_DONE 0x40 /* register C */

#define PERIODS           3 /* measured at each rate; the best one counts */
#define TOLERANCE_PERCENT 10

void kernel_main(uint32_t magic, uint64_t boot_info);

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t value)
{
	outb(CMOS_INDEX, reg);
	outb(CMOS_DATA, value);
}

/*
 * Starts the RTC's periodic flag at RTC_HZ. QEMU only runs the periodic
 * timer while the interrupt is enabled in register B; the interrupt itself
 * (IRQ 8) stays masked at the PIC, so the test reads the flag instead.
 */
static void rtc_start_periodic(void)
{
	cmos_write(RTC_REG_A, (uint8_t)((cmos_read(RTC_REG_A) & 0xf0) | RTC_RATE_4_HZ));
	cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) | RTC_PERIODIC_ON);
	(void)cmos_read(RTC_REG_C); /* clear a flag left from before */
}

/* Halts until the next RTC period ends (woken by every timer tick). */
static void wait_for_rtc_period(void)
{
	while (!(cmos_read(RTC_REG_C) & RTC_PERIOD_DONE))
		hlt();
}

/* Ticks counted in RTC periods at one rate; true if the best is within the tolerance. */
static int measure(uint32_t hz)
{
	uint64_t best = 0;

	pit_set_frequency(hz);
	wait_for_rtc_period(); /* start on an edge */
	for (int i = 0; i < PERIODS; i++) {
		uint64_t start = pit_ticks();

		wait_for_rtc_period();
		uint64_t counted = pit_ticks() - start;

		if (counted > best)
			best = counted;
	}
	/* expected = hz / RTC_HZ ticks; compare in units of 1/RTC_HZ tick to stay exact. */
	uint64_t expected = pit_frequency();
	uint64_t measured = best * RTC_HZ;
	uint64_t margin = expected * TOLERANCE_PERCENT / 100;
	int ok = measured + margin >= expected && measured <= expected + margin;

	serial_printf("timer rate %u Hz: best of %d RTC periods of 1/%d s: %llu ticks, "
		      "expected %llu/%d +- %llu/%d: %s\n",
		      hz, PERIODS, RTC_HZ, (unsigned long long)best,
		      (unsigned long long)expected, RTC_HZ, (unsigned long long)margin, RTC_HZ,
		      ok ? "ok" : "wrong");
	return ok;
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	rtc_start_periodic();
	int ok = measure(PIT_DEFAULT_HZ);

	ok &= measure(250); /* a second rate: the divisor arithmetic, not a lucky constant */
	qemu_exit(ok ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}
