/**
 * @file
 * Decoding the error codes the CPU pushes with some exceptions: the page
 * fault's access bits, and the selector error code of \#TS, \#NP, \#SS and \#GP
 * that says which descriptor was to blame. Pure functions from bits to
 * structs, tested on the host.
 */
#ifndef ERROR_CODE_H
#define ERROR_CODE_H

#include <stdbool.h>
#include <stdint.h>

// [page fault bits]
/** Bit 0 of a page-fault error code: 1 = protection violation, 0 = page not present. */
#define PAGE_FAULT_PRESENT (1u << 0)
/** Bit 1: 1 = the access was a write, 0 = a read. */
#define PAGE_FAULT_WRITE (1u << 1)
/** Bit 2: 1 = the CPU ran in user mode (ring 3), 0 = kernel mode. */
#define PAGE_FAULT_USER (1u << 2)
/** Bit 3: 1 = a reserved bit was set in a paging-structure entry. */
#define PAGE_FAULT_RESERVED_BIT (1u << 3)
/** Bit 4: 1 = the access was an instruction fetch (no-execute page). */
#define PAGE_FAULT_INSTRUCTION_FETCH (1u << 4)
// [page fault bits]

/** A page-fault (\#PF) error code, decoded. The faulting address is in CR2. */
struct page_fault_error {
	bool present;		/**< the page was present: a protection violation */
	bool write;		/**< a write (otherwise a read) */
	bool user;		/**< in user mode (otherwise kernel mode) */
	bool reserved_bit;	/**< a page-table entry had a reserved bit set */
	bool instruction_fetch;	/**< fetching an instruction */
};

/**
 * Splits a page-fault error code into its fields.
 * @param error_code the \#PF error code
 * @return the decoded fields; bits above 4 are ignored
 */
struct page_fault_error page_fault_error_decode(uint64_t error_code);

// [selector bits]
/** Bit 0 of a selector error code: an event outside the program caused it. */
#define SELECTOR_ERROR_EXTERNAL (1u << 0)
/** Bit 1: the index names an IDT gate (bit 2 is then meaningless). */
#define SELECTOR_ERROR_IDT (1u << 1)
/** Bit 2 (when bit 1 is clear): the index is in the LDT, not the GDT. */
#define SELECTOR_ERROR_LDT (1u << 2)
/** Bits 3-15: the descriptor's index in its table. */
#define SELECTOR_ERROR_INDEX_SHIFT 3
/** Width mask of the index once shifted down. */
#define SELECTOR_ERROR_INDEX_MASK 0x1fff
// [selector bits]

/** The table a selector error code points into. */
enum descriptor_table {
	DESCRIPTOR_TABLE_GDT,	/**< the global descriptor table */
	DESCRIPTOR_TABLE_IDT,	/**< the interrupt descriptor table: the index is a vector */
	DESCRIPTOR_TABLE_LDT,	/**< a local descriptor table */
};

/** A selector error code (\#TS, \#NP, \#SS, \#GP), decoded. */
struct selector_error {
	bool external;			/**< caused by an event outside the program (an interrupt) */
	enum descriptor_table table;	/**< which table the index refers to */
	uint16_t index;			/**< descriptor index; an IDT index is a vector number */
};

/**
 * Splits a selector error code into its fields.
 * @param error_code the error code of \#TS, \#NP, \#SS or \#GP
 * @return the decoded fields; bits above 15 are ignored
 */
struct selector_error selector_error_decode(uint64_t error_code);

/**
 * @param vector an exception vector
 * @return whether its error code is a selector error code (\#TS, \#NP, \#SS, \#GP)
 */
bool is_selector_error_vector(uint64_t vector);

/**
 * @param table a table from a decoded selector error code
 * @return "GDT", "IDT" or "LDT"
 */
const char *descriptor_table_name(enum descriptor_table table);

#endif
