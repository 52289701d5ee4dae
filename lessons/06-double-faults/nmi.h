/**
 * @file
 * The non-maskable interrupt (vector 2), on a stack of its own.
 *
 * An NMI is how hardware reports an emergency (a memory parity error, a
 * watchdog, QEMU's `nmi` monitor command). cli does not hold it back, so it
 * can arrive at any moment: in the middle of an interrupt handler, or just
 * while the stack pointer is being changed. Like the double fault it
 * therefore runs on an IST stack (IST2), which the CPU switches to whatever
 * the state of the current stack is. The handler reports it and resumes.
 *
 * Its entry is nmi_entry.asm, not the generic stub: the CPU holds NMIs back
 * only until the next iretq, and an exception that returns inside the
 * handler would otherwise let a second NMI write its frame over the first
 * one's on IST2. The entry makes such an NMI wait until the first is done.
 */
#ifndef NMI_H
#define NMI_H

/**
 * Points vector 2's gate at nmi_entry.asm and installs the NMI handler on
 * it with IST index TSS_IST_NMI (lab 6.1). Call after exceptions_init() and
 * gdt_init().
 */
void nmi_init(void);

#endif
