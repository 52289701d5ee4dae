/**
 * @file
 * The hardware cursor: the blinking underscore the VGA card draws by itself.
 *
 * The card's CRT controller holds the cursor's position as a cell index
 * (row * 80 + column) in two 8-bit registers, 0x0e (high byte) and 0x0f
 * (low byte). Its registers are reached through two I/O ports: write the
 * register's number to the index port 0x3d4, then read or write the value
 * at the data port 0x3d5. The writer in vga.c knows nothing of it, so that
 * it stays pure code the host tests can run; the console moves the cursor
 * after each write.
 */
#ifndef CURSOR_H
#define CURSOR_H

#include <stdint.h>

/** The CRT controller's index port: which register the data port reaches. */
#define VGA_CRTC_INDEX 0x3d4
/** The CRT controller's data port: the value of the selected register. */
#define VGA_CRTC_DATA 0x3d5
/** CRT controller register: bits 8-15 of the cursor's cell index. */
#define VGA_CRTC_CURSOR_HIGH 0x0e
/** CRT controller register: bits 0-7 of the cursor's cell index. */
#define VGA_CRTC_CURSOR_LOW 0x0f

/**
 * Moves the hardware cursor to a cell (lab 3.2).
 * @param cell the cell's index, row * 80 + column (0 to 1999 on 80x25)
 */
void vga_cursor_move(uint16_t cell);

/**
 * Reads the hardware cursor's position back from the CRT controller.
 * @return the cell index the cursor is on
 */
uint16_t vga_cursor_position(void);

#endif
