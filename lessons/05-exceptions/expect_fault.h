/**
 * @file
 * Test kernels that expect a fault, in the spirit of Rust's
 * `#[should_panic]`: the test passes only if the kernel stops with the
 * right exception and the report's decoded fields are right.
 *
 * A test kernel calls expect_fault() and then does something that must
 * fault. exceptions.c reports the fault as always, then calls the hook set
 * here, which compares the frame with what the test expects and exits QEMU
 * with success or failure. If no fault comes, the kernel calls
 * expect_fault_missing() and fails.
 */
#ifndef EXPECT_FAULT_H
#define EXPECT_FAULT_H

#include <stdint.h>
#include <stdnoreturn.h>
#include "interrupts.h"

/**
 * Checks the fields of the expected fault's frame, with expect_equal().
 * @param frame the reported frame (its vector is already known to be right)
 */
typedef void (*fault_check)(const struct interrupt_frame *frame);

/**
 * Arms the test: the next fatal exception ends it.
 * @param name the test's name, the prefix of its serial messages
 * @param vector the exception the test expects
 * @param check compares the frame's other fields, or NULL for none
 */
void expect_fault(const char *name, uint8_t vector, fault_check check);

/**
 * Compares one field of the fault; a mismatch is printed on serial and
 * fails the test once all checks have run.
 * @param what the field's name, for the message
 * @param actual the value the fault produced
 * @param expected the value the test expects
 */
void expect_equal(const char *what, uint64_t actual, uint64_t expected);

/** Fails the test because the code that should have faulted returned. */
noreturn void expect_fault_missing(void);

#endif
