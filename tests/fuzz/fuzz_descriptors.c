/*
 * Fuzz harness: the descriptor encoders of lessons 05 and 06 (IDT gates,
 * segment and TSS descriptors) with any field values. What goes into an
 * encoder must come back out of its decoder, cut to the field's width.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include "descriptor.h"
#include "idt_gate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fields {
	uint64_t address;
	uint32_t base;
	uint32_t limit;
	uint16_t selector;
	uint8_t access;
	uint8_t flags;
	uint8_t ist;
	uint8_t present;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fields f;

	memset(&f, 0, sizeof(f));
	memcpy(&f, data, size < sizeof(f) ? size : sizeof(f));

	struct idt_gate gate = idt_gate_make(f.address, f.selector, f.ist, f.present & 1);
	assert(idt_gate_handler(&gate) == f.address);
	assert(idt_gate_present(&gate) == (f.present & 1));

	struct segment_descriptor segment = segment_descriptor_make(f.base, f.limit, f.access, f.flags);
	assert(segment_descriptor_base(&segment) == f.base);
	assert(segment_descriptor_limit(&segment) == (f.limit & 0xfffff));

	struct system_descriptor tss = tss_descriptor_make(f.address, f.limit);
	assert(system_descriptor_base(&tss) == f.address);
	return 0;
}
