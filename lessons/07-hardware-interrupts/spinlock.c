/*
 * Interrupt-safe spinlock: lesson 03's spinlock.h, implemented again.
 *
 * Lesson 03's lock only spins. Once interrupts exist, that can deadlock on
 * a single CPU: the main code takes the console lock, the timer interrupts
 * it, and the timer handler asks for the same lock. The handler spins,
 * waiting for the main code to unlock; the main code cannot run until the
 * handler returns. Nothing moves again.
 *
 * The cure is to keep interrupts off while any lock is held. The first
 * spin_lock() notes whether interrupts were on (RFLAGS.IF), every one
 * disables them and counts one more lock held; the spin_unlock() that
 * releases the last held lock restores the noted IF. An interrupt that
 * arrives meanwhile waits in the PIC and is delivered the moment the last
 * lock is released. Restoring rather than simply enabling matters: a
 * handler (which runs with interrupts off) that takes a lock must not
 * switch interrupts on when it unlocks. Counting, rather than keeping the
 * flag in each lock, matters when locks are released in another order
 * than taken: releasing the first of two must not turn interrupts on while
 * the second is still held.
 *
 * lessons/07-hardware-interrupts/build.mk lists this file instead of
 * lessons/03-vga-text/spinlock.c; every user of the lock is unchanged.
 */
#include <stdbool.h>
#include "spinlock.h"
#include "panic.h"
#include "x86.h"

/*
 * One CPU, so one count: how many locks are held, and whether interrupts
 * were on before the first of them was taken. Only code with interrupts
 * off changes them. An NMI can still arrive in the middle of a change, but
 * it takes and releases its locks before it returns, so it leaves both as
 * it found them.
 */
static unsigned int locks_held;
static bool interrupts_were_on;

/* Interrupts off, and one more lock held; rflags: read before the cli. */
static void hold_one_more(uint64_t rflags)
{
	if (locks_held++ == 0)
		interrupts_were_on = rflags & RFLAGS_INTERRUPT_ENABLE;
}

/* One lock fewer held; after the last, interrupts as they were before the first. */
static void hold_one_fewer(void)
{
	if (--locks_held == 0 && interrupts_were_on)
		sti();
}

//! [lock]
void spin_lock(struct spinlock *lock)
{
	uint64_t rflags = read_rflags();

	cli();
	/*
	 * This kernel runs on one CPU, and whoever holds a lock has interrupts
	 * off, so nobody can release a lock we find taken: waiting would
	 * hang forever. Say so instead. (With several CPUs, another CPU
	 * could be the holder, and spinning would be right.)
	 */
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		panic("spin_lock: lock already held on this CPU (taken twice?): deadlock");
	hold_one_more(rflags);
}
//! [lock]

bool spin_trylock(struct spinlock *lock)
{
	uint64_t rflags = read_rflags();

	cli();
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
		if (rflags & RFLAGS_INTERRUPT_ENABLE)
			sti(); /* not ours: leave the interrupt flag as it was */
		return false;
	}
	hold_one_more(rflags);
	return true;
}

//! [unlock]
void spin_unlock(struct spinlock *lock)
{
	if (!lock->locked)
		panic("spin_unlock: the lock is not held");
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	hold_one_fewer();
}
//! [unlock]
