/*
 * u64_to_string(): digits of an unsigned number in any base from 2 to 16.
 * Pure code: no hardware, so the host unit tests run it too.
 */
#include "number.h"

size_t u64_to_string(uint64_t value, unsigned base, bool uppercase, char *buffer)
{
	const char *digits = uppercase ? "0123456789ABCDEF" : "0123456789abcdef";
	char reversed[NUMBER_BUFFER_SIZE];
	size_t n = 0;

	if (base < 2 || base > 16)
		base = 10;
	/* The last digit comes out first: collect them backwards... */
	do {
		reversed[n++] = digits[value % base];
		value /= base;
	} while (value != 0);
	/* ...then write them out in reading order. */
	for (size_t i = 0; i < n; i++)
		buffer[i] = reversed[n - 1 - i];
	buffer[n] = '\0';
	return n;
}
