/**
 * @file
 * The text of an exception report: which exception, its error code in
 * words, the faulting address, and the interrupted code's registers. Pure
 * formatting through a format_sink, so the host tests
 * (tests/host/test_report_format.c) read the exact text a kernel would print.
 */
#ifndef REPORT_FORMAT_H
#define REPORT_FORMAT_H

#include <stdint.h>
#include "format.h"
#include "interrupts.h"

/**
 * Formats the report of one exception (or interrupt) as lines of at most
 * 80 characters, each ending in '\\n'.
 * @param frame the state the entry stub saved
 * @param cr2 the CR2 register, printed for \#PF (the address that faulted)
 *        and \#DF (the last page fault's address, often its cause)
 * @param sink receives the text
 * @param context passed to sink
 */
void exception_format_report(const struct interrupt_frame *frame, uint64_t cr2,
			     format_sink sink, void *context);

#endif
