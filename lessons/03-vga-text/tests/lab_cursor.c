/*
 * Lab 3.2's grader: after every write through the console, the hardware
 * cursor (read back from the CRT controller) is on the cell where the next
 * character will go.
 *
 * Lesson 03 has no test framework yet (it arrives in lesson 04), so this
 * kernel checks by itself and prints one result line in the framework's
 * form, "lab_cursor_follows_the_text ... [ok]" or "... [failed]", after
 * the reason. It then halts: the boot test waits for the line.
 */
#include <stdbool.h>
#include <stdint.h>
#include "console.h"
#include "cursor.h"
#include "format.h"
#include "panic.h"
#include "serial.h"
#include "stringify.h"

#define TEST_NAME "lab_cursor_follows_the_text"
#define BOTTOM	  ((VGA_HEIGHT - 1) * VGA_WIDTH) /* the first cell of the bottom row */

/* What is written; the hidden variant (lab_cursor_hidden.c) writes others. */
#ifndef WORD
#define WORD	   "abc" /* on the bottom row */
#define NEXT_WORD  "xy"	 /* after a newline, through console_write() */
#define LONG_WIDTH 85	 /* a line longer than a row: LONG_WIDTH - 80 on the next */
#define LAST_WORD  ""	 /* after the last newline */
#endif

void kernel_main(uint32_t magic, uint64_t boot_info);

static bool failed;

static void expect_cursor(const char *after, unsigned expected)
{
	char message[160];
	unsigned cell = vga_cursor_position();

	if (cell == expected)
		return;
	format_string(message, sizeof(message),
		      "lab 3.2: after %s the cursor is on cell %u (row %u, column %u), "
		      "expected cell %u (row %u, column %u)\n",
		      after, cell, cell / VGA_WIDTH, cell % VGA_WIDTH, expected,
		      expected / VGA_WIDTH, expected % VGA_WIDTH);
	serial_write_string(message);
	failed = true;
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	serial_init();
	console_init();
	expect_cursor("console_init()", BOTTOM);
	kprintf(WORD);
	expect_cursor("kprintf(\"" WORD "\")", BOTTOM + sizeof(WORD) - 1);
	console_write("\n" NEXT_WORD, sizeof(NEXT_WORD));
	expect_cursor("console_write(\"\\n" NEXT_WORD "\")", BOTTOM + sizeof(NEXT_WORD) - 1);
	kprintf("\n%" STRINGIFY(LONG_WIDTH) "s", "long");
	expect_cursor(STRINGIFY(LONG_WIDTH) " characters", BOTTOM + LONG_WIDTH - VGA_WIDTH);
	kprintf("\n%80s", "full");	/* a full row: the cursor stays on its last cell */
	expect_cursor("a full row", BOTTOM + VGA_WIDTH - 1);
	kprintf("\n" LAST_WORD);
	expect_cursor("a newline and \"" LAST_WORD "\"", BOTTOM + sizeof(LAST_WORD) - 1);

	serial_write_string(failed ? TEST_NAME " ... [failed]\n" : TEST_NAME " ... [ok]\n");
	halt_forever();
}
