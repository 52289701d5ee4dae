/*
 * PIT channel 0 as a periodic timer on IRQ 0, and the tick counter.
 *
 * The mode/command register at port 0x43 selects a channel, how the
 * 16-bit divisor is written (low byte then high byte through the channel's
 * data port) and the counting mode. Mode 2, the "rate generator", reloads
 * the divisor every time the count reaches zero and pulses the output
 * once, which is exactly one interrupt per period.
 */
#include <stddef.h>
#include "pit.h"
#include "console.h"
#include "irq.h"
#include "panic.h"
#include "x86.h"

//! [ports]
#define PIT_CHANNEL0_DATA 0x40
#define PIT_COMMAND	  0x43

#define PIT_SELECT_CHANNEL0	(0u << 6) /* bits 6-7: channel */
#define PIT_ACCESS_LOW_HIGH	(3u << 4) /* bits 4-5: low byte, then high byte */
#define PIT_MODE_RATE_GENERATOR (2u << 1) /* bits 1-3: mode 2 */
#define PIT_BINARY		(0u << 0) /* bit 0: binary, not BCD, counting */

#define PIT_MAX_DIVISOR		0xffffu /* the counter has 16 bits */
//! [ports]

_Static_assert((PIT_INPUT_HZ + PIT_MIN_HZ / 2) / PIT_MIN_HZ <= PIT_MAX_DIVISOR,
	       "the slowest rate must have a divisor that fits the 16-bit counter");
_Static_assert(PIT_INPUT_HZ / PIT_MAX_HZ >= 2, "mode 2 needs a divisor of at least 2");

/* Written only by the interrupt handler; volatile because the main code
 * reads it in loops that the handler changes behind the compiler's back. */
static volatile uint64_t ticks;
static uint32_t divisor;
static pit_tick_hook tick_hook;

//! [handler]
static void pit_interrupt(void)
{
	uint64_t now = ticks + 1;

	ticks = now;
	if (tick_hook)
		tick_hook(now);
}
//! [handler]

//! [init]
void pit_set_frequency(uint32_t hz)
{
	if (hz < PIT_MIN_HZ || hz > PIT_MAX_HZ)
		panicf("pit_set_frequency: %u Hz is outside %u-%u Hz", hz, PIT_MIN_HZ, PIT_MAX_HZ);
	divisor = (PIT_INPUT_HZ + hz / 2) / hz; /* the nearest whole divisor */

	outb(PIT_COMMAND,
	     PIT_SELECT_CHANNEL0 | PIT_ACCESS_LOW_HIGH | PIT_MODE_RATE_GENERATOR | PIT_BINARY);
	outb(PIT_CHANNEL0_DATA, divisor & 0xff);
	outb(PIT_CHANNEL0_DATA, (divisor >> 8) & 0xff);
}

void pit_init(uint32_t hz)
{
	irq_install(IRQ_TIMER, pit_interrupt);
	pit_set_frequency(hz);
}
//! [init]

uint32_t pit_frequency(void)
{
	if (divisor == 0)
		panic("pit_frequency: the PIT is not programmed (call pit_init)");
	return (PIT_INPUT_HZ + divisor / 2) / divisor;
}

uint64_t pit_ticks(void)
{
	return ticks;
}

//! [sleep]
void pit_sleep(uint64_t count)
{
	uint64_t end = ticks + count;

	if (!(read_rflags() & RFLAGS_INTERRUPT_ENABLE))
		panic("pit_sleep: interrupts are disabled, no tick would ever come");
	/*
	 * Check and halt with interrupts off, and let sti_hlt() turn them on
	 * and halt in one step (as keyboard_wait_char() does): a tick that
	 * arrives between the check and a plain hlt would otherwise be missed,
	 * and the CPU would sleep until the one after.
	 */
	cli();
	while (ticks < end) {
		sti_hlt();
		cli();
	}
	sti();
}
//! [sleep]

void pit_set_tick_hook(pit_tick_hook hook)
{
	tick_hook = hook;
}
