/**
 * @file
 * A spinlock: a flag that one piece of code at a time may hold. Whoever
 * finds it taken waits, "spinning" in a loop, until the holder lets go.
 *
 * The kernel protects shared state with it, first of all the console, so
 * that two writers cannot interleave their characters. This lesson's
 * version only takes the flag atomically. Lesson 07, where interrupt
 * handlers start printing too, replaces spinlock.c with a version of this
 * same header that also turns interrupts off while a lock is held.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdbool.h>

/** A lock; zero-initialised (or SPINLOCK_INIT) means free. */
struct spinlock {
	volatile int locked; /**< 1 while someone holds the lock */
};

/** Initialiser of a free lock. */
#define SPINLOCK_INIT { .locked = 0 }

/**
 * Takes the lock, waiting for as long as someone else holds it.
 * @param lock the lock
 */
void spin_lock(struct spinlock *lock);

/**
 * Takes the lock if it is free, and never waits. Code that must not wait
 * (an exception or NMI handler, which may have interrupted the holder on
 * this very CPU) uses it and does something else when the lock is taken.
 * @param lock the lock
 * @return true if the lock is now held by the caller (release it with
 *         spin_unlock()), false if someone else holds it
 */
bool spin_trylock(struct spinlock *lock);

/**
 * Lets go of a lock taken with spin_lock() or spin_trylock().
 * @param lock the lock
 */
void spin_unlock(struct spinlock *lock);

#endif
