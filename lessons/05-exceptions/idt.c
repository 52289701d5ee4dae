/*
 * The interrupt descriptor table and the dispatcher behind it.
 *
 * Every one of the 256 gates points at its generated entry stub
 * (interrupt_stubs.asm). Whether the CPU may use a gate is decided by its
 * present bit alone: idt_set_handler() sets it when a C handler is
 * installed, so a vector nobody handles makes the CPU raise #NP ("segment
 * not present") with that vector in the error code, instead of running a
 * handler that does not exist.
 */
#include <stddef.h>
#include "console.h"
#include "idt_gate.h"
#include "interrupts.h"
#include "panic.h"
#include "x86.h"

/* interrupt_stubs.asm: the address of the stub for each vector. */
extern const uint64_t interrupt_stub_table[IDT_VECTORS];

//! [table]
/* The IDT itself. The CPU reads it on every interrupt; 16-byte alignment
 * keeps each gate inside one cache line. */
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

/* The C side: the function interrupt_dispatch() calls for each vector. */
static interrupt_handler handlers[IDT_VECTORS];
/* Where each gate sends the CPU: the vector's stub, unless idt_set_entry()
 * named another entry (lesson 06's NMI entry). */
static uint64_t entries[IDT_VECTORS];
//! [table]

/* Stops the compiler from moving memory accesses across this point. */
#define compiler_barrier() __asm__ volatile("" : : : "memory")

/* How often each vector was dispatched: for tests and statistics. */
static uint64_t counts[IDT_VECTORS];

//! [init]
void idt_init(void)
{
	const struct descriptor_table_pointer pointer = {
		.limit = sizeof(idt) - 1,
		.base = (uint64_t)(uintptr_t)idt,
	};

	for (int vector = 0; vector < IDT_VECTORS; vector++) {
		handlers[vector] = NULL;
		entries[vector] = interrupt_stub_table[vector];
		idt[vector] = idt_gate_make(entries[vector], read_cs(), 0, false);
	}
	lidt(&pointer);
}
//! [init]

//! [set handler]
void idt_set_handler(uint8_t vector, interrupt_handler handler, uint8_t ist)
{
	if (ist > IDT_IST_MAX)
		panicf("idt_set_handler: vector %u: IST index %u, but the TSS has only IST1-%d",
		       vector, ist, IDT_IST_MAX);
	/* An interrupt may arrive between any two of these stores, so the CPU
	 * must never find a present gate whose C handler is missing: the gate
	 * goes away first and comes back last. The barriers keep the compiler
	 * from reordering (or merging) the stores. */
	idt[vector].attributes &= (uint8_t)~IDT_GATE_PRESENT;
	compiler_barrier();
	handlers[vector] = handler;
	compiler_barrier();
	idt[vector] = idt_gate_make(entries[vector], read_cs(), ist, handler != NULL);
}
//! [set handler]

void idt_set_entry(uint8_t vector, void (*entry)(void))
{
	bool present = idt[vector].attributes & IDT_GATE_PRESENT;

	/* Like idt_set_handler(): the gate is absent while it changes. */
	idt[vector].attributes &= (uint8_t)~IDT_GATE_PRESENT;
	compiler_barrier();
	entries[vector] = (uint64_t)(uintptr_t)entry;
	idt[vector] = idt_gate_make(entries[vector], read_cs(), idt_ist(vector), present);
}

interrupt_handler idt_handler(uint8_t vector)
{
	return handlers[vector];
}

uint8_t idt_ist(uint8_t vector)
{
	return idt[vector].ist & IDT_GATE_IST_MASK;
}

//! [dispatch]
void interrupt_dispatch(struct interrupt_frame *frame)
{
	interrupt_handler handler;

	if (frame->vector >= IDT_VECTORS)
		panicf("interrupt_dispatch: vector %llu from a stub: the frame is corrupt",
		       (unsigned long long)frame->vector);
	handler = handlers[frame->vector];
	if (!handler)
		panicf("interrupt_dispatch: vector %llu arrived, but its gate should not be present",
		       (unsigned long long)frame->vector);
	counts[frame->vector]++;
	handler(frame);
}
//! [dispatch]

uint64_t interrupt_count(uint8_t vector)
{
	return counts[vector];
}
