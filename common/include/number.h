/**
 * @file
 * Turning numbers into text, the one piece of printf a kernel needs first.
 */
#ifndef NUMBER_H
#define NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Buffer size that holds any 64-bit number in any base from 2, plus the NUL. */
#define NUMBER_BUFFER_SIZE 65

/**
 * Writes the digits of an unsigned number.
 * @param value the number
 * @param base 2 to 16; anything else is treated as 10
 * @param uppercase use A-F rather than a-f for digits above 9
 * @param buffer at least NUMBER_BUFFER_SIZE bytes; receives the digits and a NUL
 * @return the number of digits written
 */
size_t u64_to_string(uint64_t value, unsigned base, bool uppercase, char *buffer);

#endif
