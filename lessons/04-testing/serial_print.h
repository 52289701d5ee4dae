/**
 * @file
 * Formatted output on the serial port: kprintf's twin for COM1.
 *
 * The test framework reports through it, because the host reads the serial
 * port into a file while the screen is only a picture.
 */
#ifndef SERIAL_PRINT_H
#define SERIAL_PRINT_H

#include <stdarg.h>
#include <stddef.h>

/**
 * The format_sink (see format.h) that sends text to COM1: the one every
 * printer to serial uses, as in format_to(serial_sink, NULL, ...).
 * @param context unused (there is only one COM1)
 * @param text the bytes
 * @param length how many
 */
void serial_sink(void *context, const char *text, size_t length);

/**
 * Sends formatted text to COM1 (see format.h for the conversions). Call
 * serial_init() first. It takes no lock, so that a panic report can always
 * get through.
 * @param fmt the format string, checked against the arguments by the compiler
 * @param ... the arguments
 */
void serial_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * Sends formatted text to COM1, with the arguments in a va_list.
 * @param fmt the format string
 * @param args the arguments
 */
void serial_vprintf(const char *fmt, va_list args);

#endif
