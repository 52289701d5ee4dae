/*
 * serial_printf(): lesson 03's formatter with the serial port as its sink.
 * The UART driver itself is common/serial.c, in use since lesson 01.
 */
#include <stddef.h>
#include "format.h"
#include "serial.h"
#include "serial_print.h"

//! [sink]
void serial_sink(void *context, const char *text, size_t length)
{
	(void)context;	/* there is only one COM1 */
	serial_write(text, length);
}

void serial_vprintf(const char *fmt, va_list args)
{
	format(serial_sink, NULL, fmt, args);
}
//! [sink]

void serial_printf(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	serial_vprintf(fmt, args);
	va_end(args);
}
