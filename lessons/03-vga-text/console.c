/*
 * The global console: one struct vga_writer over 0xb8000 behind a spinlock.
 *
 * The raw address of the screen appears here and nowhere else; the rest of
 * the kernel prints through console_write() and kprintf(), which take the
 * lock, so the writer is only ever changed by one caller at a time.
 *
 * Reports (a panic's, and from lesson 04 on undefined behaviour's) cannot
 * wait for that lock: they may come from inside kprintf(), whose lock will
 * never be released if they wait. They go through console_report.h, which
 * takes the lock with console_trylock() only if it is free.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include "console.h"
#include "console_report.h"
#include "cursor.h"
#include "format.h"
#include "panic.h"
#include "spinlock.h"
#include <string.h>
#include "text_screen.h"
#include "x86.h"

#define PANICF_BUFFER_SIZE 256	/* longer panic messages are cut short */

//! [globals]
static struct vga_writer screen;
static struct spinlock screen_lock = SPINLOCK_INIT;
//! [globals]

/*
 * Puts the hardware cursor where the next character will go: on the bottom
 * row, at the writer's column (on the last cell while the row is full).
 * Under UEFI it also draws the changed cells into the framebuffer
 * (common/text_screen.c). Called with the lock held, or from the panic hook.
 */
static void move_cursor(void)
{
	size_t column = screen.column < screen.width ? screen.column : screen.width - 1;

	vga_cursor_move((uint16_t)((screen.height - 1) * screen.width + column));
	text_screen_refresh();
}

struct vga_writer *console_trylock(void)
{
	if (screen.buffer == NULL || !spin_trylock(&screen_lock))
		return NULL;
	return &screen;
}

void console_unlock(void)
{
	move_cursor();
	spin_unlock(&screen_lock);
}

/*
 * Shows a panic on screen. The panic may have happened while the console
 * lock was held (inside kprintf, say), so it is a report: it never waits
 * for the lock (console_report.h). Nothing runs after it, so it never ends
 * the report.
 */
static void console_panic_hook(const char *message)
{
	struct console_report report;

	console_report_begin(&report, VGA_WHITE, VGA_RED);
	console_report_write(&report, "KERNEL PANIC: ", 14);
	console_report_write(&report, message, strlen(message));
	if (report.locked)
		move_cursor();
}

void console_init(void)
{
	spin_lock(&screen_lock);
	vga_writer_init(&screen, (volatile uint16_t *)VGA_TEXT_BUFFER, VGA_WIDTH, VGA_HEIGHT);
	vga_clear(&screen);
	move_cursor();
	spin_unlock(&screen_lock);
	panic_set_hook(console_panic_hook);
}

void console_set_color(enum vga_color fg, enum vga_color bg)
{
	spin_lock(&screen_lock);
	vga_set_color(&screen, fg, bg);
	spin_unlock(&screen_lock);
}

void console_write(const char *s, size_t n)
{
	spin_lock(&screen_lock);
	vga_write(&screen, s, n);
	move_cursor();
	spin_unlock(&screen_lock);
}

//! [kprintf]
/* The sink that connects the formatter to the screen; called with the lock held. */
static void screen_sink(void *context, const char *text, size_t length)
{
	vga_write(context, text, length);
}

void kprintf(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	spin_lock(&screen_lock);	/* held for the whole text: no interleaving */
	format(screen_sink, &screen, fmt, args);
	move_cursor();
	spin_unlock(&screen_lock);
	va_end(args);
}
//! [kprintf]

const struct vga_writer *console_vga(void)
{
	return &screen;
}

void console_run_locked(console_locked_fn fn, void *context)
{
	spin_lock(&screen_lock);
	fn(&screen, context);
	move_cursor();
	spin_unlock(&screen_lock);
}

noreturn void panicf(const char *fmt, ...)
{
	static char message[PANICF_BUFFER_SIZE];	/* static: the stack may be what broke */
	va_list args;

	/* Interrupts off before the formatting, not only in panic(): an
	 * interrupt handler that panics too must not format into the same
	 * buffer while this message is half written. */
	cli();
	va_start(args, fmt);
	format_string_va(message, sizeof(message), fmt, args);
	va_end(args);
	panic(message);
}
