/**
 * @file
 * The COM1 serial port (a 16550 UART): the kernel's line to the outside.
 * QEMU forwards it to a file or terminal, which makes it the channel the
 * test runner reads and the place where boot messages and panics go.
 */
#ifndef SERIAL_H
#define SERIAL_H

#include <stdbool.h>
#include <stddef.h>

/** Sets COM1 to 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on. */
void serial_init(void);

/**
 * Sends one byte, waiting until the transmitter can take it.
 * @param c the byte
 */
void serial_write_char(char c);

/**
 * Sends a buffer of bytes.
 * @param s the bytes
 * @param n how many
 */
void serial_write(const char *s, size_t n);

/**
 * Sends a NUL-terminated string.
 * @param s the string
 */
void serial_write_string(const char *s);

/**
 * Tells whether the last byte sent ended a line, so that a report which
 * interrupts a half-sent line can start on a new one.
 * @return true if nothing was sent yet or the last byte was '\\n'
 */
bool serial_at_line_start(void);

#endif
