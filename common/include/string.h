/**
 * @file
 * The memory and string functions a freestanding kernel must provide itself.
 * gcc and clang emit calls to memcpy, memmove, memset and memcmp on their
 * own (for struct copies and large initialisations) even in freestanding
 * code, so these four must exist before anything else links.
 */
#ifndef STRING_H
#define STRING_H

#include <stddef.h>

/**
 * Copies n bytes between buffers that must not overlap.
 * @param dest where to copy to
 * @param src where to copy from
 * @param n how many bytes
 * @return dest
 */
void *memcpy(void *restrict dest, const void *restrict src, size_t n);

/**
 * Copies n bytes between buffers that may overlap.
 * @param dest where to copy to
 * @param src where to copy from
 * @param n how many bytes
 * @return dest
 */
void *memmove(void *dest, const void *src, size_t n);

/**
 * Fills n bytes with one value.
 * @param dest the buffer
 * @param value the byte value (converted to unsigned char)
 * @param n how many bytes
 * @return dest
 */
void *memset(void *dest, int value, size_t n);

/**
 * Compares two buffers byte by byte.
 * @param a first buffer
 * @param b second buffer
 * @param n how many bytes
 * @return 0 if equal, otherwise the difference of the first differing bytes
 */
int memcmp(const void *a, const void *b, size_t n);

/**
 * Counts the bytes of a NUL-terminated string.
 * @param s the string
 * @return its length, without the NUL
 */
size_t strlen(const char *s);

/**
 * Compares two NUL-terminated strings.
 * @param a first string
 * @param b second string
 * @return 0 if equal, negative if a sorts first, positive otherwise
 */
int strcmp(const char *a, const char *b);

#endif
