/*
 * Expected-fault test kernel: the report of an NMI is drawn in the colour
 * of the exceptions the kernel carries on after, yellow, not in the red of
 * the fatal ones (S15 of the 2026-11 code review).
 *
 * An NMI says "the hardware wants attention", not "the kernel is broken":
 * from lesson 06 on it is reported and resumed, so a red report would tell
 * the reader that the kernel died when it did not. In this lesson every
 * exception but the breakpoint still halts, and vector 2 arrives through
 * "int $2" like any exception, so expect_fault()'s hook runs after the
 * report is on the screen: it finds the report's first line among the
 * console's cells and checks that line's attribute byte.
 */
#include <stddef.h>
#include <stdint.h>
#include "console.h"
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "serial_print.h"
#include "vga.h"

#define TEST_NAME "nmi_report_colour"

void kernel_main(uint32_t magic, uint64_t boot_info);

/* The first cell of the lowest row that begins with text, or NULL. */
static const volatile uint16_t *row_beginning(const struct vga_writer *screen, const char *text)
{
	for (size_t row = screen->height; row-- > 0;) {
		const volatile uint16_t *cells = screen->buffer + row * screen->width;
		size_t i = 0;

		while (text[i] != '\0' && i < screen->width && (char)(cells[i] & 0xff) == text[i])
			i++;
		if (text[i] == '\0')
			return cells;
	}
	return NULL;
}

static void check(const struct interrupt_frame *frame)
{
	const volatile uint16_t *line = row_beginning(console_vga(), "EXCEPTION 2 NMI");

	(void)frame;
	expect_equal("finding the report's first line on the screen", line != NULL, 1);
	if (line != NULL)
		expect_equal("that line's attribute", *line >> 8,
			     vga_attribute(VGA_YELLOW, VGA_BLACK));
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault(TEST_NAME, EXCEPTION_NMI, check);
	serial_printf("%s: int $2\n", TEST_NAME);
	__asm__ volatile("int $2");
	expect_fault_missing();
}
