/**
 * @file
 * One entry of the interrupt descriptor table, bit for bit as the CPU reads
 * it, and the pure functions that build and read one. They touch no
 * hardware, so the host tests (tests/host/test_idt_gate.c) check them.
 */
#ifndef IDT_GATE_H
#define IDT_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// [gate]
/**
 * A 64-bit IDT gate (Intel SDM vol. 3, "64-Bit IDT Gate Descriptors"). The
 * handler's address is split over three fields, a leftover of the 16- and
 * 32-bit formats this one grew from.
 */
struct idt_gate {
	uint16_t offset_low;	/**< handler address, bits 0-15 */
	uint16_t selector;	/**< code segment the handler runs in */
	uint8_t ist;		/**< bits 0-2: IST index (0 = no stack switch); rest 0 */
	uint8_t attributes;	/**< bits 0-3 type, bits 5-6 DPL, bit 7 present */
	uint16_t offset_middle;	/**< handler address, bits 16-31 */
	uint32_t offset_high;	/**< handler address, bits 32-63 */
	uint32_t reserved;	/**< must be 0 */
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "a 64-bit IDT gate is 16 bytes");
_Static_assert(offsetof(struct idt_gate, selector) == 2, "selector at byte 2");
_Static_assert(offsetof(struct idt_gate, ist) == 4, "IST index at byte 4");
_Static_assert(offsetof(struct idt_gate, attributes) == 5, "type and attributes at byte 5");
_Static_assert(offsetof(struct idt_gate, offset_middle) == 6, "offset bits 16-31 at byte 6");
_Static_assert(offsetof(struct idt_gate, offset_high) == 8, "offset bits 32-63 at byte 8");
// [gate]

/** Type 0xE: a 64-bit interrupt gate, which clears RFLAGS.IF on entry. */
#define IDT_GATE_TYPE_INTERRUPT 0xe
/** Type 0xF: a 64-bit trap gate, which leaves RFLAGS.IF alone. */
#define IDT_GATE_TYPE_TRAP 0xf
/** Shift of the two-bit DPL: the lowest privilege level allowed to use `int N`. */
#define IDT_GATE_DPL_SHIFT 5
/** Bit 7 of the attributes: the gate may be used. */
#define IDT_GATE_PRESENT 0x80
/** The IST index occupies the low three bits of its byte. */
#define IDT_GATE_IST_MASK 0x7

/**
 * Builds an interrupt gate with DPL 0 (so `int N` from user mode cannot use it).
 * @param handler linear address of the code the CPU jumps to
 * @param selector code segment selector for the handler
 * @param ist 0-7; higher bits are dropped
 * @param present whether the CPU may use the gate
 * @return the gate
 */
struct idt_gate idt_gate_make(uint64_t handler, uint16_t selector, uint8_t ist, bool present);

/**
 * Reassembles the handler address from a gate's three offset fields.
 * @param gate the gate
 * @return the handler's address
 */
uint64_t idt_gate_handler(const struct idt_gate *gate);

/**
 * @param gate the gate
 * @return whether its present bit is set
 */
bool idt_gate_present(const struct idt_gate *gate);

#endif
