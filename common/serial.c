/*
 * COM1 driver: the 16550 UART at I/O port 0x3f8.
 *
 * The UART has eight registers at consecutive ports. Two of them change
 * meaning while the "divisor latch access bit" (DLAB) of the line control
 * register is set: then ports +0 and +1 hold the baud-rate divisor instead
 * of the data and interrupt-enable registers.
 */
#include <stdbool.h>
#include <stdint.h>
#include "serial.h"
#include "x86.h"

//! [ports]
#define COM1 0x3f8
#define UART_DATA (COM1 + 0)		/* read: received byte; write: byte to send */
#define UART_INTERRUPT_ENABLE (COM1 + 1)
#define UART_DIVISOR_LOW (COM1 + 0)	/* while DLAB is set */
#define UART_DIVISOR_HIGH (COM1 + 1)	/* while DLAB is set */
#define UART_FIFO_CONTROL (COM1 + 2)
#define UART_LINE_CONTROL (COM1 + 3)
#define UART_MODEM_CONTROL (COM1 + 4)
#define UART_LINE_STATUS (COM1 + 5)

#define LINE_CONTROL_8N1 0x03		/* 8 data bits, no parity, 1 stop bit */
#define LINE_CONTROL_DLAB 0x80
#define FIFO_ENABLE_AND_CLEAR 0x07	/* enable, clear receive and transmit FIFOs */
#define MODEM_DTR_RTS_OUT2 0x0b		/* "data terminal ready", "request to send", OUT2 */
#define LINE_STATUS_TRANSMIT_EMPTY 0x20	/* the transmit holding register can take a byte */

#define UART_CLOCK_HZ 115200		/* 1.8432 MHz input clock / 16: the divisor divides this */
#define BAUD_RATE 115200
//! [ports]

//! [init]
void serial_init(void)
{
	uint16_t divisor = UART_CLOCK_HZ / BAUD_RATE;

	outb(UART_INTERRUPT_ENABLE, 0x00);	/* we poll; no interrupts */
	outb(UART_LINE_CONTROL, LINE_CONTROL_DLAB);
	outb(UART_DIVISOR_LOW, divisor & 0xff);
	outb(UART_DIVISOR_HIGH, divisor >> 8);
	outb(UART_LINE_CONTROL, LINE_CONTROL_8N1);	/* also clears DLAB */
	outb(UART_FIFO_CONTROL, FIFO_ENABLE_AND_CLEAR);
	outb(UART_MODEM_CONTROL, MODEM_DTR_RTS_OUT2);
}
//! [init]

/* The last byte sent: a report that interrupts a line starts a new one. */
static volatile char last_sent = '\n';

//! [write]
void serial_write_char(char c)
{
	while (!(inb(UART_LINE_STATUS) & LINE_STATUS_TRANSMIT_EMPTY))
		;	/* the previous byte is still being sent */
	outb(UART_DATA, (uint8_t)c);
	last_sent = c;
}
//! [write]

bool serial_at_line_start(void)
{
	return last_sent == '\n';
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		serial_write_char(s[i]);
}

void serial_write_string(const char *s)
{
	while (*s)
		serial_write_char(*s++);
}
