/**
 * @file
 * A deliberate kernel stack overflow, for the lesson's kernel and its test.
 */
#ifndef STACK_OVERFLOW_H
#define STACK_OVERFLOW_H

/**
 * Recurses without end until the stack runs into the unmapped guard page
 * below it (boot_stack_guard in boot32.asm). Never returns: the page fault
 * that follows cannot be delivered, and the CPU raises a double fault.
 * @param depth how deep the recursion is already (start with 0)
 * @return nothing, in practice
 */
unsigned long stack_overflow(unsigned long depth);

#endif
