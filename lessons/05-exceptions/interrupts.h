/**
 * @file
 * Interrupts and exceptions as C sees them: the frame every entry stub
 * builds, the IDT that points the CPU at those stubs, and the table of C
 * handlers that interrupt_dispatch() calls.
 *
 * Lessons 06-08 install their handlers through idt_set_handler(): the
 * double-fault handler (on an IST stack), the timer and the keyboard, the
 * page-fault handler.
 */
#ifndef INTERRUPTS_H
#define INTERRUPTS_H

#include <stddef.h>
#include <stdint.h>

/** Number of vectors, and of gates in the IDT. */
#define IDT_VECTORS 256

/** Highest IST index a gate can name (the TSS has IST1 to IST7). */
#define IDT_IST_MAX 7

// [frame]
/**
 * What the stack holds when interrupt_dispatch() runs, from the lowest
 * address up: the general-purpose registers (pushed by interrupt_common in
 * interrupt_stubs.asm), the vector number and the error code (pushed by the
 * vector's stub; the error code by the CPU for some exceptions), then what
 * the CPU pushed on entry. A handler may change any field: the stub restores
 * the registers from the frame and iretq resumes at frame->rip.
 */
struct interrupt_frame {
	uint64_t r15;	     /**< saved R15 of the interrupted code */
	uint64_t r14;	     /**< saved R14 of the interrupted code */
	uint64_t r13;	     /**< saved R13 of the interrupted code */
	uint64_t r12;	     /**< saved R12 of the interrupted code */
	uint64_t r11;	     /**< saved R11 of the interrupted code */
	uint64_t r10;	     /**< saved R10 of the interrupted code */
	uint64_t r9;	     /**< saved R9 of the interrupted code */
	uint64_t r8;	     /**< saved R8 of the interrupted code */
	uint64_t rbp;	     /**< saved RBP of the interrupted code */
	uint64_t rdi;	     /**< saved RDI of the interrupted code */
	uint64_t rsi;	     /**< saved RSI of the interrupted code */
	uint64_t rdx;	     /**< saved RDX of the interrupted code */
	uint64_t rcx;	     /**< saved RCX of the interrupted code */
	uint64_t rbx;	     /**< saved RBX of the interrupted code */
	uint64_t rax;	     /**< saved RAX of the interrupted code */
	uint64_t vector;     /**< 0-255: which gate the CPU went through */
	uint64_t error_code; /**< the CPU's error code, or 0 for vectors without one */
	uint64_t rip;	     /**< where the interrupted code resumes (the faulting
				  instruction for a fault, the next one for a trap) */
	uint64_t cs;	     /**< code segment selector of the interrupted code */
	uint64_t rflags;     /**< flags of the interrupted code */
	uint64_t rsp;	     /**< stack pointer of the interrupted code */
	uint64_t ss;	     /**< stack segment selector of the interrupted code */
};
// [frame]

_Static_assert(sizeof(struct interrupt_frame) == 22 * 8,
	       "struct interrupt_frame must match what interrupt_stubs.asm pushes");
_Static_assert(offsetof(struct interrupt_frame, vector) == 15 * 8,
	       "the stub pushes 15 registers below the vector number");
_Static_assert(offsetof(struct interrupt_frame, rip) == 17 * 8,
	       "the CPU's part of the frame starts after the error code");
_Static_assert(sizeof(struct interrupt_frame) % 16 == 0,
	       "the stub relies on the frame keeping RSP 16-byte aligned at the call");

/**
 * A C interrupt handler.
 * @param frame the interrupted code's state; changes are written back on return
 */
typedef void (*interrupt_handler)(struct interrupt_frame *frame);

/**
 * Fills all 256 IDT gates with the addresses of the entry stubs, marked not
 * present (no handler yet), and loads the IDT with lidt. Delivering a vector
 * whose gate is not present makes the CPU raise \#NP (vector 11) with the
 * vector in its error code.
 */
void idt_init(void);

/**
 * Installs a handler for one vector and marks its gate present, or removes it.
 * @param vector 0-255
 * @param handler the function interrupt_dispatch() calls for this vector;
 *        NULL marks the gate not present again
 * @param ist 0 to stay on the current stack, 1-7 to make the CPU switch to
 *        that stack of the TSS's Interrupt Stack Table on entry (lesson 06);
 *        anything above 7 panics
 */
void idt_set_handler(uint8_t vector, interrupt_handler handler, uint8_t ist);

/**
 * Points a vector's gate at another entry than its generated stub, keeping
 * its present bit and IST index; later idt_set_handler() calls keep it too.
 * Lesson 06's NMI needs this: its entry (nmi_entry.asm) must look at the
 * stack before anything is pushed on it.
 * @param vector 0-255
 * @param entry the code the CPU jumps to; it must end in interrupt_common
 *        with the same frame a stub builds
 */
void idt_set_entry(uint8_t vector, void (*entry)(void));

/**
 * Looks up the handler installed for a vector.
 * @param vector 0-255
 * @return the handler, or NULL if the vector's gate is not present
 */
interrupt_handler idt_handler(uint8_t vector);

/**
 * Reads back the IST index of a vector's gate.
 * @param vector 0-255
 * @return 0 (no stack switch) to 7
 */
uint8_t idt_ist(uint8_t vector);

/**
 * Called by interrupt_common (interrupt_stubs.asm) for every interrupt:
 * counts it and calls the vector's handler.
 * @param frame the frame the stubs built on the stack
 */
void interrupt_dispatch(struct interrupt_frame *frame);

/**
 * How often a vector has been dispatched since boot.
 * @param vector 0-255
 * @return the count
 */
uint64_t interrupt_count(uint8_t vector);

#endif
