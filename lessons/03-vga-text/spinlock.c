/*
 * Spinlock for a kernel without interrupts: an atomic exchange to take the
 * flag, a plain release store to give it back.
 *
 * The __atomic builtins are the compiler's; they emit a locked instruction
 * (xchg) and also keep the compiler from moving the protected memory
 * accesses out of the locked region ("acquire" on taking, "release" on
 * letting go).
 */
#include "spinlock.h"
#include "x86.h"

//! [spin]
void spin_lock(struct spinlock *lock)
{
	/* Swap in 1: if the old value was 0, the lock is ours. */
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE) != 0) {
		/* Taken: wait with plain reads until it looks free, then try again. */
		while (lock->locked)
			cpu_relax();
	}
}

bool spin_trylock(struct spinlock *lock)
{
	return __atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

void spin_unlock(struct spinlock *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}
//! [spin]
