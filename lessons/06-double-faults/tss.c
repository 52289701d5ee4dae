/*
 * The kernel's TSS and the stack its IST1 entry points to.
 *
 * Stacks grow down, so the TSS holds the address just past the stack's
 * highest byte. Each stack is an array in a section of its own, which
 * common/kernel.ld places just above a guard page; boot32.asm leaves the
 * guard unmapped, as it does below the boot stack. A handler that
 * overflows its stack then faults on the guard page, which ends in a
 * double fault (reported on a fresh IST1 stack), instead of silently
 * overwriting the TSS or the IDT that would otherwise lie below it.
 */
#include <string.h>
#include "page_size.h"
#include "tss.h"

static void set_nmi_stack(void);
static void paint_double_fault_stack(void);

//! [stack]
static uint8_t double_fault_stack[DOUBLE_FAULT_STACK_SIZE]
	__attribute__((section(".bss.ist_stack.double_fault"), aligned(PAGE_SIZE)));
/* 128-byte aligned: the 104-byte TSS never straddles a page boundary. */
static struct tss kernel_tss __attribute__((aligned(128)));

_Static_assert(DOUBLE_FAULT_STACK_SIZE % PAGE_SIZE == 0,
	       "whole pages: the next guard page starts at the stack's top");

struct tss *tss_init(void)
{
	uintptr_t top = (uintptr_t)double_fault_stack + sizeof(double_fault_stack);

	kernel_tss.ist[TSS_IST_DOUBLE_FAULT - 1] = top;
	set_nmi_stack();
	paint_double_fault_stack();
	/* An I/O map base at or past the limit means "no I/O bitmap". */
	kernel_tss.iomap_base = sizeof(kernel_tss);
	return &kernel_tss;
}
//! [stack]

static uint8_t nmi_stack[NMI_STACK_SIZE]
	__attribute__((section(".bss.ist_stack.nmi"), aligned(PAGE_SIZE)));

_Static_assert(NMI_STACK_SIZE % PAGE_SIZE == 0, "whole pages, like the double-fault stack");

/* IST2: the NMI's own stack (lab 6.1). */
static void set_nmi_stack(void)
{
	// LAB 6.1 BEGIN: IST2 points at the top of the NMI's stack
	kernel_tss.ist[TSS_IST_NMI - 1] = (uintptr_t)nmi_stack + sizeof(nmi_stack);
	// LAB 6.1 STUB
	// /* lab 6.1: point IST2 at the top of nmi_stack */
	// LAB 6.1 END
}

bool tss_on_nmi_stack(uintptr_t address)
{
	uintptr_t bottom = (uintptr_t)nmi_stack;

	return address >= bottom && address < bottom + sizeof(nmi_stack);
}

/* Fills the double-fault stack with the paint (lab 6.2). */
static void paint_double_fault_stack(void)
{
	// LAB 6.2 BEGIN: paint the double-fault stack
	memset(double_fault_stack, DOUBLE_FAULT_STACK_PAINT, sizeof(double_fault_stack));
	// LAB 6.2 STUB
	// /* lab 6.2: fill double_fault_stack with DOUBLE_FAULT_STACK_PAINT */
	// LAB 6.2 END
}

size_t tss_double_fault_stack_used(void)
{
	// LAB 6.2 BEGIN: measure the painted stack
	/* volatile: the CPU, not this code, wrote to the stack since the paint. */
	const volatile uint8_t *stack = double_fault_stack;
	size_t untouched = 0;

	while (untouched < sizeof(double_fault_stack) &&
	       stack[untouched] == DOUBLE_FAULT_STACK_PAINT)
		untouched++;
	return sizeof(double_fault_stack) - untouched;
	// LAB 6.2 STUB
	// return 0; /* lab 6.2: count the painted bytes at the bottom */
	// LAB 6.2 END
}

bool tss_on_double_fault_stack(uintptr_t address)
{
	uintptr_t bottom = (uintptr_t)double_fault_stack;

	return address >= bottom && address < bottom + sizeof(double_fault_stack);
}
