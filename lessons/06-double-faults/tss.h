/**
 * @file
 * The task state segment. 64-bit mode no longer switches tasks in hardware,
 * but the CPU still reads the TSS for one job: finding a stack to switch
 * to. RSP0-2 are the stacks for entering rings 0-2 from a less privileged
 * ring; IST1-7, the Interrupt Stack Table, are stacks that an IDT gate can
 * demand for its vector whatever the current stack is. The double fault
 * uses IST1, so that it runs even when the kernel stack is unusable.
 */
#ifndef TSS_H
#define TSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The IST index of the double-fault stack (IST1 is tss.ist[0]). */
#define TSS_IST_DOUBLE_FAULT 1

/** Size of the double-fault stack: the report is formatted on it. */
#define DOUBLE_FAULT_STACK_SIZE (16 * 1024)

/** The IST index of the NMI's stack (IST2 is tss.ist[1]); lab 6.1. */
#define TSS_IST_NMI 2

/** Size of the NMI's stack: its report is formatted on it too. */
#define NMI_STACK_SIZE (16 * 1024)

/** The byte tss_init() fills the double-fault stack with, to measure its use (lab 6.2). */
#define DOUBLE_FAULT_STACK_PAINT 0xa5

// [tss]
/** The 64-bit TSS (Intel SDM vol. 3, "Task Management in 64-bit Mode"). */
struct tss {
	uint32_t reserved0;	/**< must be 0 */
	uint64_t rsp[3];	/**< RSP0-2: stacks for entering rings 0-2 from a lower privilege */
	uint64_t reserved1;	/**< must be 0 */
	uint64_t ist[7];	/**< IST1-7 (ist[0] is IST1): stacks a gate can ask for */
	uint64_t reserved2;	/**< must be 0 */
	uint16_t reserved3;	/**< must be 0 */
	uint16_t iomap_base;	/**< offset of the I/O permission bitmap from the TSS's start */
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "the 64-bit TSS is 104 bytes");
_Static_assert(offsetof(struct tss, rsp) == 4, "RSP0 at byte 4 (so it is not 8-byte aligned)");
_Static_assert(offsetof(struct tss, ist) == 36, "IST1 at byte 36");
_Static_assert(offsetof(struct tss, iomap_base) == 102, "I/O map base at byte 102");
// [tss]

/**
 * Fills the kernel's one TSS: IST1 points at the top of the double-fault
 * stack, IST2 at the top of the NMI's stack, and the I/O map base past the
 * TSS's end (no I/O bitmap). It also paints the double-fault stack with
 * DOUBLE_FAULT_STACK_PAINT.
 * @return the TSS, for gdt_init() to point a descriptor at
 */
struct tss *tss_init(void);

/**
 * Tells whether an address lies inside the double-fault stack, to check
 * that the \#DF handler really ran on it.
 * @param address any address
 * @return true if it is inside the stack
 */
bool tss_on_double_fault_stack(uintptr_t address);

/**
 * Tells whether an address lies inside the NMI's stack, to check that the
 * NMI handler really ran on it.
 * @param address any address
 * @return true if it is inside the stack
 */
bool tss_on_nmi_stack(uintptr_t address);

/**
 * Measures how much of the double-fault stack has ever been used, by
 * "stack painting" (lab 6.2): counts the bytes at its bottom that still
 * hold DOUBLE_FAULT_STACK_PAINT (a stack grows down, so its low end is
 * touched last).
 * @return the bytes used, 0 if the stack was never used
 */
size_t tss_double_fault_stack_used(void);

#endif
