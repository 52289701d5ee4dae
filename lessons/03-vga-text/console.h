/**
 * @file
 * The kernel's one console: a VGA writer over the real screen at 0xb8000,
 * shared by every part of the kernel and guarded by a spinlock.
 *
 * Everything that prints to the screen goes through these functions, so the
 * writer's state (the column, the colours) has exactly one owner, and a
 * kprintf() call puts its whole text on the screen before another one
 * starts.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include "vga.h"

/**
 * Sets up the console over the VGA text buffer, clears the screen (light
 * grey on black) and makes panics show their message on screen in red.
 */
void console_init(void);

/**
 * Chooses the colours of the text printed from now on.
 * @param fg foreground colour
 * @param bg background colour (0-7)
 */
void console_set_color(enum vga_color fg, enum vga_color bg);

/**
 * Prints bytes on the console.
 * @param s the bytes
 * @param n how many
 */
void console_write(const char *s, size_t n);

// [kprintf]
/**
 * Prints formatted text on the console (see format.h for the conversions).
 * @param fmt the format string, checked against the arguments by the compiler
 * @param ... the arguments
 */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// [kprintf]

/**
 * The console's writer, to read the screen back in tests.
 * @return the writer (read only)
 */
const struct vga_writer *console_vga(void);

/** A function that console_run_locked() runs with the console's writer. */
typedef void (*console_locked_fn)(struct vga_writer *w, void *context);

/**
 * Runs a function while holding the console lock, so that nothing else can
 * print between its steps: a test that writes a line and reads it back uses
 * it to be sure the line is still where it wrote it.
 * @param fn writes through the vga_ functions; it must not call the console
 *           functions, whose lock it already holds
 * @param context passed to fn
 */
void console_run_locked(console_locked_fn fn, void *context);

// [report]
/**
 * The screen side of a report that must get out whatever the interrupted
 * code was doing: an exception's, an NMI's or a panic's. Set up by
 * console_report_begin(), written with console_report_write(), closed by
 * console_report_end().
 */
struct console_report {
	struct vga_writer *writer; /**< the console's writer, an emergency writer, or NULL */
	bool locked;		   /**< true if the console lock was free and is held now */
	bool emergency;		   /**< true if the lock was held: an emergency level is in use */
	uint8_t saved_attribute;   /**< the console's colours before the report (if locked) */
};

/**
 * Starts a report on the screen, on a fresh row, in the given colours.
 * It never waits: if the console lock is free it takes it (and ordinary
 * output waits until the report is over); if the lock is held, the report
 * must have interrupted the holder on this CPU, so it writes with an
 * emergency writer of its own instead, below whatever the holder had
 * printed. The holder's text is not mixed into the report, and it carries
 * on below the report when it resumes. Reports nested more than a few
 * deep do not reach the screen at all (serial has them).
 * @param report filled in; pass it to the other console_report_ functions
 * @param fg foreground colour
 * @param bg background colour (0-7)
 */
void console_report_begin(struct console_report *report, enum vga_color fg, enum vga_color bg);

/**
 * Writes text into a report: a format_sink (see format.h), so
 * format_to(console_report_write, &report, ...) formats into it.
 * @param report the struct console_report from console_report_begin()
 * @param text the bytes
 * @param length how many
 */
void console_report_write(void *report, const char *text, size_t length);

/**
 * Ends a report: restores the console's colours and releases the lock if
 * console_report_begin() took it, or gives the emergency writer back.
 * @param report the struct console_report from console_report_begin()
 */
void console_report_end(struct console_report *report);
// [report]

/**
 * Formats a message and panics with it (see panic()). Interrupts go off
 * before the formatting: the message is built in one static buffer.
 * @param fmt the format string, checked against the arguments by the compiler
 * @param ... the arguments
 */
noreturn void panicf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
