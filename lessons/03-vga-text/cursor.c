/*
 * The hardware cursor, through the VGA card's CRT controller: select a
 * register at the index port, then read or write it at the data port.
 */
#include "cursor.h"
#include "x86.h"

void vga_cursor_move(uint16_t cell)
{
	// LAB 3.2 BEGIN: the hardware cursor
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_HIGH);
	outb(VGA_CRTC_DATA, (uint8_t)(cell >> 8));
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_LOW);
	outb(VGA_CRTC_DATA, (uint8_t)(cell & 0xff));
	// LAB 3.2 STUB
	// (void)cell; /* lab 3.2: write the cell index to registers 0x0e and 0x0f */
	// LAB 3.2 END
}

uint16_t vga_cursor_position(void)
{
	uint16_t high, low;

	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_HIGH);
	high = inb(VGA_CRTC_DATA);
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_LOW);
	low = inb(VGA_CRTC_DATA);
	return (uint16_t)(high << 8 | low);
}
