/*
 * Building GDT descriptors: like the IDT gate's offset, a descriptor's base
 * and limit are scattered over several fields, remains of the 80286's
 * 16-bit layout that later CPUs extended rather than replaced.
 */
#include "descriptor.h"

#define LIMIT_HIGH_MASK 0x0f	/* limit bits 16-19 in the low nibble */
#define FLAGS_SHIFT 4		/* flags in the high nibble */

//! [make segment]
struct segment_descriptor segment_descriptor_make(uint32_t base, uint32_t limit, uint8_t access,
						  uint8_t flags)
{
	return (struct segment_descriptor){
		.limit_low = (uint16_t)limit,
		.base_low = (uint16_t)base,
		.base_middle = (uint8_t)(base >> 16),
		.access = access,
		.limit_high_flags = (uint8_t)(((limit >> 16) & LIMIT_HIGH_MASK) | flags << FLAGS_SHIFT),
		.base_high = (uint8_t)(base >> 24),
	};
}
//! [make segment]

//! [make tss]
struct system_descriptor tss_descriptor_make(uint64_t base, uint32_t limit)
{
	return (struct system_descriptor){
		.low = segment_descriptor_make((uint32_t)base, limit,
					       SEGMENT_PRESENT | SYSTEM_TYPE_TSS_AVAILABLE, 0),
		.base_upper = (uint32_t)(base >> 32),
		.reserved = 0,
	};
}
//! [make tss]

uint32_t segment_descriptor_base(const struct segment_descriptor *descriptor)
{
	return (uint32_t)descriptor->base_high << 24 | (uint32_t)descriptor->base_middle << 16 |
	       descriptor->base_low;
}

uint32_t segment_descriptor_limit(const struct segment_descriptor *descriptor)
{
	return (uint32_t)(descriptor->limit_high_flags & LIMIT_HIGH_MASK) << 16 |
	       descriptor->limit_low;
}

uint64_t system_descriptor_base(const struct system_descriptor *descriptor)
{
	return (uint64_t)descriptor->base_upper << 32 | segment_descriptor_base(&descriptor->low);
}
