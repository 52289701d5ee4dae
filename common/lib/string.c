/*
 * Memory and string functions for a kernel without libc. Written plainly,
 * byte by byte: clear beats fast here. An optimising compiler can recognise
 * the loop in memset and "optimise" it into a call to memset itself (gcc does
 * so for hosted code); -ffreestanding and, for gcc, the Makefile's
 * -fno-tree-loop-distribute-patterns keep it from doing that here.
 */
#include <stdint.h>
#include <string.h>

void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dest;
}

void *memmove(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	if ((uintptr_t)d < (uintptr_t)s) {
		while (n--)
			*d++ = *s++;
	} else {
		/* Copy backwards so that an overlapping tail is read before it is overwritten. */
		while (n--)
			d[n] = s[n];
	}
	return dest;
}

//! [memset]
void *memset(void *dest, int value, size_t n)
{
	unsigned char *d = dest;

	while (n--)
		*d++ = (unsigned char)value;
	return dest;
}
//! [memset]

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] - y[i];
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
