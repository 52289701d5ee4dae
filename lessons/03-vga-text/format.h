/**
 * @file
 * A small printf: turns a format string and arguments into text.
 *
 * The formatter does not know where text goes. It hands each piece to a
 * *sink*, a callback chosen by the caller: the console writes the pieces to
 * the screen, the serial port sends them out of COM1, and format_string()
 * collects them in a buffer (which is also how the host tests check them).
 *
 * Conversions: `%%c %%s %%d %%i %%u %%x %%X %%p %%`, the length modifiers
 * `l`, `ll` and `z`, a field width, the flags `0` (pad numbers with zeros)
 * and `-` (justify to the left). A NULL string prints as `(null)`. Anything
 * else (an unknown conversion, a precision, a `*` width) is printed as it was
 * written, followed by the rest of the format string without conversions: the
 * formatter cannot know the type of the argument it would have consumed, so it
 * reads no more arguments at all.
 */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/** The widest field width honoured; larger widths are cut to this. */
#define FORMAT_MAX_WIDTH 1024

// [sink]
/**
 * Where formatted text goes: called with consecutive pieces of the output.
 * @param context the pointer given to format(), passed through unchanged
 * @param text the piece (not NUL-terminated)
 * @param length its length in bytes, never 0
 */
typedef void (*format_sink)(void *context, const char *text, size_t length);

/**
 * Formats text and hands it to a sink, piece by piece.
 * @param sink receives the text
 * @param context passed to every call of sink
 * @param fmt the format string (see the file's description)
 * @param args the arguments the conversions in fmt consume
 * @return the number of bytes handed to the sink
 */
int format(format_sink sink, void *context, const char *fmt, va_list args);
// [sink]

/**
 * Formats text and hands it to a sink: format() with the arguments written
 * out, the one helper every printer in the kernel builds on.
 * @param sink receives the text
 * @param context passed to every call of sink
 * @param fmt the format string, checked against the arguments by the compiler
 * @param ... the arguments
 * @return the number of bytes handed to the sink
 */
int format_to(format_sink sink, void *context, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * A sink's context that collects text in a fixed buffer, cutting it short
 * when the buffer is full: format_string() uses it, and so does any code
 * that builds a line piece by piece (see format_buffer_write()).
 */
struct format_buffer {
	char *buffer; /**< where the text goes, always NUL-terminated */
	size_t size;  /**< the buffer's size in bytes, the NUL included */
	size_t used;  /**< bytes of text in it so far */
};

/**
 * Starts an empty text in a buffer.
 * @param b the context to set up
 * @param buffer where the text goes; it holds "" afterwards (if size is not 0)
 * @param size the buffer's size in bytes
 */
void format_buffer_init(struct format_buffer *b, char *buffer, size_t size);

/**
 * The sink of a struct format_buffer: appends as much of the text as fits,
 * keeping the last byte for the terminating NUL.
 * @param context the struct format_buffer
 * @param text the bytes to append
 * @param length how many
 */
void format_buffer_write(void *context, const char *text, size_t length);

/**
 * Formats into a buffer, like snprintf: writes at most size - 1 bytes and
 * always a terminating NUL (if size is not 0).
 * @param buffer where the text goes
 * @param size the buffer's size in bytes
 * @param fmt the format string
 * @param args the arguments
 * @return the length of the whole formatted text, which is size or more if
 *         it was cut short
 */
int format_string_va(char *buffer, size_t size, const char *fmt, va_list args);

/**
 * Formats into a buffer, like snprintf (see format_string_va()).
 * @param buffer where the text goes
 * @param size the buffer's size in bytes
 * @param fmt the format string, checked against the arguments by the compiler
 * @param ... the arguments
 * @return the length of the whole formatted text
 */
int format_string(char *buffer, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
