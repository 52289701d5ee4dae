/**
 * @file
 * GDT entries bit for bit: the 8-byte code and data segment descriptors
 * and the 16-byte system descriptor that points at the TSS. Pure functions
 * that build and read them, tested on the host
 * (tests/host/test_descriptor.c).
 */
#ifndef DESCRIPTOR_H
#define DESCRIPTOR_H

#include <stddef.h>
#include <stdint.h>

// [segment descriptor]
/**
 * A code or data segment descriptor (Intel SDM vol. 3, "Segment
 * Descriptors"). In 64-bit mode the CPU ignores base and limit of code and
 * data segments; what still counts are the access byte (present, privilege
 * level, code or data) and the L flag that makes a code segment 64-bit.
 */
struct segment_descriptor {
	uint16_t limit_low;	  /**< limit, bits 0-15 */
	uint16_t base_low;	  /**< base, bits 0-15 */
	uint8_t base_middle;	  /**< base, bits 16-23 */
	uint8_t access;		  /**< present, DPL, S (code/data), type */
	uint8_t limit_high_flags; /**< bits 0-3: limit bits 16-19; bits 4-7: flags G, D/B, L, AVL */
	uint8_t base_high;	  /**< base, bits 24-31 */
} __attribute__((packed));

_Static_assert(sizeof(struct segment_descriptor) == 8, "a segment descriptor is 8 bytes");
_Static_assert(offsetof(struct segment_descriptor, access) == 5, "access byte at byte 5");
// [segment descriptor]

// [system descriptor]
/**
 * A system descriptor in 64-bit mode (TSS or LDT): a segment descriptor
 * whose base needs 64 bits, so it takes two GDT slots.
 */
struct system_descriptor {
	struct segment_descriptor low;	/**< type, limit and base bits 0-31 */
	uint32_t base_upper;		/**< base, bits 32-63 */
	uint32_t reserved;		/**< must be 0 */
} __attribute__((packed));

_Static_assert(sizeof(struct system_descriptor) == 16, "a 64-bit TSS descriptor is 16 bytes");
_Static_assert(offsetof(struct system_descriptor, base_upper) == 8, "base bits 32-63 at byte 8");
// [system descriptor]

/** Access byte: the CPU sets it on first use; set in advance, the CPU need not write. */
#define SEGMENT_ACCESSED 0x01
/** Access byte: data writable, or code readable. */
#define SEGMENT_WRITABLE 0x02
/** Access byte: a code segment (otherwise data). */
#define SEGMENT_EXECUTABLE 0x08
/** Access byte (S): a code or data segment; clear for system descriptors. */
#define SEGMENT_CODE_DATA 0x10
/** Access byte: shift of the two-bit descriptor privilege level. */
#define SEGMENT_DPL_SHIFT 5
/** Access byte: the segment exists. */
#define SEGMENT_PRESENT 0x80

/** System type 0x9: an available 64-bit TSS (ltr turns it into busy, 0xB). */
#define SYSTEM_TYPE_TSS_AVAILABLE 0x9
/** System type 0xB: a busy 64-bit TSS, as ltr leaves it. */
#define SYSTEM_TYPE_TSS_BUSY 0xb
/** The type field's bits in the access byte. */
#define SEGMENT_TYPE_MASK 0x0f

/** Flags nibble: L, a 64-bit code segment. */
#define SEGMENT_FLAG_LONG_MODE 0x2
/** Flags nibble: D/B, 32-bit default size (must be 0 with L). */
#define SEGMENT_FLAG_SIZE_32 0x4
/** Flags nibble: G, the limit counts 4 KiB pages rather than bytes. */
#define SEGMENT_FLAG_GRANULARITY 0x8

/**
 * Builds a code or data segment descriptor.
 * @param base segment base (ignored by the CPU in 64-bit mode)
 * @param limit 20-bit limit (ignored by the CPU in 64-bit mode); higher bits are dropped
 * @param access the access byte (SEGMENT_*)
 * @param flags the flags nibble (SEGMENT_FLAG_*)
 * @return the descriptor
 */
struct segment_descriptor segment_descriptor_make(uint32_t base, uint32_t limit, uint8_t access,
						  uint8_t flags);

/**
 * Builds the descriptor of an available 64-bit TSS, present, DPL 0.
 * @param base linear address of the TSS
 * @param limit its size in bytes minus one
 * @return the two-slot descriptor
 */
struct system_descriptor tss_descriptor_make(uint64_t base, uint32_t limit);

/**
 * @param descriptor a code or data segment descriptor
 * @return its 32-bit base
 */
uint32_t segment_descriptor_base(const struct segment_descriptor *descriptor);

/**
 * @param descriptor a code or data segment descriptor
 * @return its 20-bit limit
 */
uint32_t segment_descriptor_limit(const struct segment_descriptor *descriptor);

/**
 * @param descriptor a 64-bit system descriptor
 * @return its 64-bit base
 */
uint64_t system_descriptor_base(const struct system_descriptor *descriptor);

#endif
