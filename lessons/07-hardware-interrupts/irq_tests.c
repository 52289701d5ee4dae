/*
 * In-kernel tests of the interrupts the PIC delivers: which IRQs are
 * unmasked, where the timer's interrupt arrives, and the PIT's rate and
 * ticks. The ktest kernel runs them with interrupts on.
 */
#include <stdint.h>
#include "interrupts.h"
#include "irq.h"
#include "ktest.h"
#include "pic.h"
#include "pit.h"
#include "x86.h"

KTEST(irq_only_timer_and_keyboard_are_unmasked)
{
	uint16_t unmasked = (1u << IRQ_TIMER) | (1u << IRQ_KEYBOARD);

	ASSERT_EQ(pic_masks(), (uint16_t)~unmasked);
}

KTEST(irq_timer_arrives_at_vector_32)
{
	uint8_t vector = PIC_VECTOR_BASE + IRQ_TIMER;
	uint64_t before = interrupt_count(vector);

	/* Each hlt ends at the next interrupt; the timer's comes within 10 ms. */
	for (int i = 0; i < 100 && interrupt_count(vector) == before; i++)
		hlt();
	ASSERT(interrupt_count(vector) > before);
}

KTEST(pit_runs_at_the_default_rate)
{
	ASSERT_EQ(pit_frequency(), PIT_DEFAULT_HZ);
}

KTEST(pit_ticks_advance_while_sleeping)
{
	uint64_t before = pit_ticks();

	pit_sleep(3);
	ASSERT(pit_ticks() - before >= 3);
}
