/*
 * The kernel's TSS and the stack its IST1 entry points to.
 *
 * Stacks grow down, so the TSS holds the address just past the stack's
 * highest byte. The stack is an ordinary array in .bss: boot32.asm maps
 * .bss read-write, so the CPU can push the double fault's frame there.
 */
#include "tss.h"

//! [stack]
static uint8_t double_fault_stack[DOUBLE_FAULT_STACK_SIZE] __attribute__((aligned(16)));
static struct tss kernel_tss;

_Static_assert(DOUBLE_FAULT_STACK_SIZE % 16 == 0, "the stack's top must stay 16-byte aligned");

struct tss *tss_init(void)
{
	uintptr_t top = (uintptr_t)double_fault_stack + sizeof(double_fault_stack);

	kernel_tss.ist[TSS_IST_DOUBLE_FAULT - 1] = top;
	/* An I/O map base at or past the limit means "no I/O bitmap". */
	kernel_tss.iomap_base = sizeof(kernel_tss);
	return &kernel_tss;
}
//! [stack]

bool tss_on_double_fault_stack(uintptr_t address)
{
	uintptr_t bottom = (uintptr_t)double_fault_stack;

	return address >= bottom && address < bottom + sizeof(double_fault_stack);
}
