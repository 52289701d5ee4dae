/*
 * Expected-fault test kernel: a page fault inside kprintf(), while the
 * console lock is held, is still reported on serial and on the screen.
 *
 * kprintf("%s", bad_pointer) is the most common bug a student meets: the
 * formatter reads the string while kprintf() holds the console lock, and
 * faults. The report must not wait for that lock (its holder is the code
 * that faulted, which never runs again): without the emergency path of
 * console_report_begin(), lessons 05-06 hang here and lessons 07-08 panic
 * with "lock already held" instead of reporting the #PF.
 *
 * Lessons 06-08 run this same kernel: their tests/kprintf_fault.c includes
 * this file. Lesson 08 adds the page walk of CR2 to what must be on screen.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "console.h"
#include "error_code.h"
#include "exception_table.h"
#include "expect_fault.h"
#include "kernel_init.h"
#include "serial_print.h"
#include "x86.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

/* Canonical, far above the identity map and any region a lesson maps. */
#define BAD_STRING 0x00000deadbeef000ull

#ifndef KPRINTF_FAULT_MORE_ON_SCREEN
#define KPRINTF_FAULT_MORE_ON_SCREEN
#endif

/* Lines of the report that must be on the screen when the kernel stops. */
static const char *const on_screen[] = {
	"EXCEPTION 14 #PF Page Fault",
	"CR2 0x00000deadbeef000 (the address that faulted)",
	KPRINTF_FAULT_MORE_ON_SCREEN
};

/* Is the text somewhere on the screen, inside one row? */
static bool on_screen_now(const char *text)
{
	const struct vga_writer *screen = console_vga();
	size_t length = strlen(text);

	for (size_t row = 0; row < screen->height; row++) {
		for (size_t column = 0; column + length <= screen->width; column++) {
			size_t i = 0;

			while (i < length &&
			       (vga_read_cell(screen, row, column + i) & 0xff) == (uint8_t)text[i])
				i++;
			if (i == length)
				return true;
		}
	}
	serial_printf("kprintf_fault: not on the screen: \"%s\"\n", text);
	return false;
}

static void check(const struct interrupt_frame *frame)
{
	struct page_fault_error e = page_fault_error_decode(frame->error_code);

	expect_equal("CR2", read_cr2(), BAD_STRING);
	expect_equal("present", e.present, false);
	expect_equal("write", e.write, false);
	for (size_t i = 0; i < sizeof(on_screen) / sizeof(on_screen[0]); i++)
		expect_equal("report line on the screen", on_screen_now(on_screen[i]), true);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_fault("kprintf_fault", EXCEPTION_PAGE_FAULT, check);
	serial_printf("kprintf_fault: printing a string at 0x%llx\n", BAD_STRING);
	kprintf("the string: %s\n", (const char *)(uintptr_t)BAD_STRING);
	expect_fault_missing();
}
