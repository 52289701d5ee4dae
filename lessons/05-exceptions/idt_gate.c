/*
 * Building and reading IDT gates: splitting an address into the gate's
 * three offset fields and putting it back together. Pure code, tested on
 * the host.
 */
#include "idt_gate.h"

//! [make]
struct idt_gate idt_gate_make(uint64_t handler, uint16_t selector, uint8_t ist, bool present)
{
	struct idt_gate gate = {
		.offset_low = (uint16_t)handler,
		.selector = selector,
		.ist = ist & IDT_GATE_IST_MASK,
		.attributes = IDT_GATE_TYPE_INTERRUPT | 0 << IDT_GATE_DPL_SHIFT,
		.offset_middle = (uint16_t)(handler >> 16),
		.offset_high = (uint32_t)(handler >> 32),
		.reserved = 0,
	};

	if (present)
		gate.attributes |= IDT_GATE_PRESENT;
	return gate;
}
//! [make]

uint64_t idt_gate_handler(const struct idt_gate *gate)
{
	return (uint64_t)gate->offset_high << 32 | (uint64_t)gate->offset_middle << 16 |
	       gate->offset_low;
}

bool idt_gate_present(const struct idt_gate *gate)
{
	return gate->attributes & IDT_GATE_PRESENT;
}
