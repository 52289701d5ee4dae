/**
 * @file
 * The 32 vectors the CPU reserves for its own exceptions: what each is
 * called, its short mnemonic from the Intel and AMD manuals, and whether the
 * CPU pushes an error code for it. Pure data, tested on the host.
 */
#ifndef EXCEPTION_TABLE_H
#define EXCEPTION_TABLE_H

#include <stdbool.h>
#include <stdint.h>

/** Vectors 0-31 belong to CPU exceptions; 32-255 are free for the OS and devices. */
#define EXCEPTION_VECTORS 32

/** The exception vectors the lessons name in code. */
enum exception_vector {
	EXCEPTION_DIVIDE_ERROR = 0,		/**< \#DE: div or idiv by zero, or quotient too large */
	EXCEPTION_DEBUG = 1,			/**< \#DB: debug registers, single step */
	EXCEPTION_NMI = 2,			/**< non-maskable interrupt */
	EXCEPTION_BREAKPOINT = 3,		/**< \#BP: the int3 instruction */
	EXCEPTION_INVALID_OPCODE = 6,		/**< \#UD: not an instruction (ud2) */
	EXCEPTION_DOUBLE_FAULT = 8,		/**< \#DF: failed to deliver an exception */
	EXCEPTION_INVALID_TSS = 10,		/**< \#TS: bad TSS during a task switch */
	EXCEPTION_SEGMENT_NOT_PRESENT = 11,	/**< \#NP: segment or gate not present */
	EXCEPTION_STACK_SEGMENT = 12,		/**< \#SS: bad stack segment, non-canonical stack address */
	EXCEPTION_GENERAL_PROTECTION = 13,	/**< \#GP: any other protection violation */
	EXCEPTION_PAGE_FAULT = 14,		/**< \#PF: page not present or access not allowed */
};

/** What the manuals say about one exception vector. */
struct exception_info {
	const char *mnemonic;	/**< e.g. "\#PF"; "NMI" for vector 2, "-" if reserved */
	const char *name;	/**< e.g. "Page Fault" */
	bool has_error_code;	/**< whether the CPU pushes an error code */
};

/**
 * Looks up an exception vector.
 * @param vector any vector number
 * @return the vector's entry for 0-31, or NULL for 32 and above
 */
const struct exception_info *exception_info(uint64_t vector);

/**
 * @param vector any vector number
 * @return whether the CPU pushes an error code for it (never for 32 and above)
 */
bool exception_has_error_code(uint64_t vector);

#endif
