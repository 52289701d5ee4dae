/*
 * Interrupt-safe spinlock: lesson 03's spinlock.h, implemented again.
 *
 * Lesson 03's lock only spins. Once interrupts exist, that can deadlock on
 * a single CPU: the main code takes the console lock, the timer interrupts
 * it, and the timer handler asks for the same lock. The handler spins,
 * waiting for the main code to unlock; the main code cannot run until the
 * handler returns. Nothing moves again.
 *
 * The cure is to keep interrupts off while a lock is held. spin_lock()
 * saves RFLAGS (whose IF bit says whether interrupts were on), disables
 * interrupts, then takes the lock; spin_unlock() releases it and restores
 * the saved IF. An interrupt that arrives meanwhile waits in the PIC and is
 * delivered the moment the lock is released. Restoring rather than simply
 * enabling matters: a handler (which runs with interrupts off) that takes a
 * lock must not switch interrupts on when it unlocks.
 *
 * lessons/07-hardware-interrupts/build.mk lists this file instead of
 * lessons/03-vga-text/spinlock.c; every user of the lock is unchanged.
 */
#include <stdbool.h>
#include "spinlock.h"
#include "panic.h"
#include "x86.h"

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
	lock->saved_rflags = rflags; /* only the holder writes it */
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
	lock->saved_rflags = rflags;
	return true;
}

//! [unlock]
void spin_unlock(struct spinlock *lock)
{
	uint64_t rflags = lock->saved_rflags;

	if (!lock->locked)
		panic("spin_unlock: the lock is not held");
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	if (rflags & RFLAGS_INTERRUPT_ENABLE)
		sti();
}
//! [unlock]
