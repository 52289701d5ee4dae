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

/**
 * Takes the console lock only if it is free: never waits. For a report that
 * may have interrupted the lock's holder (console_report.h), which would
 * wait forever for a lock that only the code it interrupted can release.
 * @return the console's writer, locked until console_unlock(); NULL if the
 *         lock is held, or before console_init()
 */
struct vga_writer *console_trylock(void);

/**
 * Moves the cursor after the text written and releases the lock that
 * console_trylock() took.
 */
void console_unlock(void);


/**
 * Formats a message and panics with it (see panic()). Interrupts go off
 * before the formatting: the message is built in one static buffer.
 * @param fmt the format string, checked against the arguments by the compiler
 * @param ... the arguments
 */
noreturn void panicf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
