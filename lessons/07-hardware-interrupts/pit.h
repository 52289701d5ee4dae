/**
 * @file
 * The programmable interval timer (Intel 8253/8254 PIT): the kernel's clock.
 *
 * The PIT counts down from a divisor at 1 193 182 Hz, a frequency inherited
 * from the crystal of the first IBM PC. Channel 0 raises IRQ 0 each time
 * it reaches zero and starts again, so the divisor sets the rate of timer
 * interrupts. Each interrupt adds one to a tick counter that the rest of
 * the kernel reads to measure time.
 */
#ifndef PIT_H
#define PIT_H

#include <stdint.h>

/** The PIT's input clock in Hz. */
#define PIT_INPUT_HZ   1193182u
/** The timer rate kernel_init() chooses: 100 interrupts per second, one tick every 10 ms. */
#define PIT_DEFAULT_HZ 100u
/** The slowest rate: the divisor must fit in 16 bits (65535 gives 18.2 Hz). */
#define PIT_MIN_HZ     19u
/**
 * The fastest rate the kernel asks for: 10 kHz, one interrupt every 100 us.
 * The PIT itself could go up to PIT_INPUT_HZ / 2 (mode 2 needs a divisor
 * of at least 2), but every tick costs an interrupt, the handler and the
 * PIC's end-of-interrupt, and under QEMU's emulation each of those port
 * writes is expensive. A torture run saw keys lost at 238 kHz and QEMU stop
 * answering at 596 kHz; 100 kHz still worked on an idle host. 10 kHz leaves
 * a factor of ten for a busy one, and is ten times the fastest tick Linux
 * offers (1000 Hz).
 */
#define PIT_MAX_HZ     10000u

/**
 * A function the timer interrupt calls after counting a tick.
 * @param ticks the tick count, including this tick
 */
typedef void (*pit_tick_hook)(uint64_t ticks);

/**
 * Installs the IRQ 0 handler that counts ticks and programs the rate with
 * pit_set_frequency(). Interrupts must be enabled (sti) for ticks to arrive.
 * @param hz the wanted rate, PIT_MIN_HZ to PIT_MAX_HZ; others panic
 */
void pit_init(uint32_t hz);

/**
 * Programs channel 0 as a rate generator with the divisor closest to a rate.
 * @param hz the wanted rate, PIT_MIN_HZ to PIT_MAX_HZ; others panic
 */
void pit_set_frequency(uint32_t hz);

/**
 * The rate actually programmed: the divisor is a whole number, so the
 * rate is PIT_INPUT_HZ divided by it (100 Hz gives divisor 11932, which is
 * 99.998 Hz).
 * @return interrupts per second, rounded to the nearest whole number
 */
uint32_t pit_frequency(void);

/**
 * The number of timer interrupts since pit_init().
 * @return the tick count; a 64-bit read that an interrupt cannot tear
 */
uint64_t pit_ticks(void);

/**
 * Halts the CPU until a number of ticks have passed.
 * @param count how many ticks to wait; interrupts must be enabled, or this panics
 */
void pit_sleep(uint64_t count);

/**
 * Sets (or clears, with NULL) a function the timer interrupt calls on every
 * tick. It runs inside the interrupt handler, with interrupts disabled.
 * @param hook the function
 */
void pit_set_tick_hook(pit_tick_hook hook);

#endif
