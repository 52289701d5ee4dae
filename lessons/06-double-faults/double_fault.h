/**
 * @file
 * The double-fault handler, running on its own stack (IST1 of the TSS) so
 * that even a kernel stack overflow ends in a report instead of a reset.
 */
#ifndef DOUBLE_FAULT_H
#define DOUBLE_FAULT_H

/**
 * Installs the \#DF handler on vector 8 with IST index TSS_IST_DOUBLE_FAULT.
 * Call after idt_init(), exceptions_init() and gdt_init() (which loads the
 * TSS the IST index refers to).
 */
void double_fault_init(void);

#endif
