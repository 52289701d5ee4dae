/*
 * Fuzz harness: lesson 03's formatter with any format string.
 *
 * The input is the format string. Every conversion consumes at most one
 * argument, so the harness passes 16 pointers to a valid string and cuts
 * the format after 16 '%': on x86_64 every integer and pointer argument
 * takes one 8-byte slot, so %d, %x, %c or %s each read a valid value.
 * Checks: the text in a small buffer is a NUL-terminated prefix of the
 * text in a large one, and both calls count the same length.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "format.h"

#define MAX_CONVERSIONS 16
#define BIG		(FORMAT_MAX_WIDTH * MAX_CONVERSIONS + 4096)

static const char text[] = "text";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *fmt = malloc(size + 1), *big = malloc(BIG), small[17];
	size_t n = 0, percents = 0;
	const char *s = text;

	for (size_t i = 0; i < size && data[i] != 0; i++) {
		if (data[i] == '%' && ++percents > MAX_CONVERSIONS)
			break;
		fmt[n++] = (char)data[i];
	}
	fmt[n] = '\0';
	size_t small_size = size > 0 ? data[0] % sizeof(small) : 0;
	int long_count = format_string(big, BIG, fmt, s, s, s, s, s, s, s, s, s, s, s, s, s, s,
				       s, s);
	int short_count = format_string(small, small_size, fmt, s, s, s, s, s, s, s, s, s, s, s,
					s, s, s, s, s);

	assert(long_count == short_count);
	assert(long_count >= 0 && (size_t)long_count < BIG);
	assert(strlen(big) == (size_t)long_count);
	if (small_size > 0) {
		size_t kept = strlen(small);

		assert(kept == ((size_t)long_count < small_size ? (size_t)long_count : small_size - 1));
		assert(memcmp(small, big, kept) == 0);
	}
	free(fmt);
	free(big);
	return 0;
}
