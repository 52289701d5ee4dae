/*
 * In-kernel tests of lesson 07's spinlock: it turns interrupts off while a
 * lock is held and restores them as they were, also for nested locks and
 * for a failed spin_trylock(). The ktest kernel runs them with interrupts on.
 */
#include <stdbool.h>
#include "ktest.h"
#include "spinlock.h"
#include "x86.h"

static bool interrupts_enabled(void)
{
	return read_rflags() & RFLAGS_INTERRUPT_ENABLE;
}

KTEST(spinlock_turns_interrupts_off_while_held)
{
	struct spinlock lock = SPINLOCK_INIT;
	bool before, held, after;

	before = interrupts_enabled();
	spin_lock(&lock);
	held = interrupts_enabled();
	spin_unlock(&lock);
	after = interrupts_enabled();
	ASSERT(before);
	ASSERT(!held);
	ASSERT(after);
}

KTEST(spinlock_leaves_interrupts_off_if_they_were_off)
{
	struct spinlock lock = SPINLOCK_INIT;
	bool after;

	cli(); /* as in an interrupt handler */
	spin_lock(&lock);
	spin_unlock(&lock);
	after = interrupts_enabled();
	sti();
	ASSERT(!after);
}

KTEST(spinlock_trylock_fails_on_a_held_lock_and_keeps_interrupts)
{
	struct spinlock lock = SPINLOCK_INIT;
	bool first, second, during, after;

	first = spin_trylock(&lock);
	second = spin_trylock(&lock); /* held by us: must fail, not panic */
	during = interrupts_enabled();
	spin_unlock(&lock);
	after = interrupts_enabled();
	ASSERT(first);
	ASSERT(!second);
	ASSERT(!during);
	ASSERT(after);
}

KTEST(spinlock_nested_locks_restore_in_order)
{
	struct spinlock outer = SPINLOCK_INIT, inner = SPINLOCK_INIT;
	bool after_inner, after_outer;

	spin_lock(&outer);
	spin_lock(&inner);
	spin_unlock(&inner);
	after_inner = interrupts_enabled(); /* still inside outer: must stay off */
	spin_unlock(&outer);
	after_outer = interrupts_enabled();
	ASSERT(!after_inner);
	ASSERT(after_outer);
}

KTEST(spinlock_released_out_of_order_keeps_interrupts_off)
{
	struct spinlock first = SPINLOCK_INIT, second = SPINLOCK_INIT;
	bool after_first, after_second;

	spin_lock(&first);
	spin_lock(&second);
	spin_unlock(&first);
	after_first = interrupts_enabled(); /* second still held: must stay off */
	spin_unlock(&second);
	after_second = interrupts_enabled();
	ASSERT(!after_first);
	ASSERT(after_second);
}
