/**
 * @file
 * The screen side of a report that must get out whatever the interrupted
 * code was doing: a panic's, undefined behaviour's (lesson 04), an
 * exception's or an NMI's (lessons 05-06).
 *
 * Such a report may come while the console lock is held, by the very code
 * it interrupted, which cannot run again to release it: so it never waits
 * for the lock. It then writes with an emergency writer (emergency_writer.h)
 * beside the interrupted text; in this lesson there is none, so it leaves
 * the screen out (serial has the report), and lesson 05 adds them.
 */
#ifndef CONSOLE_REPORT_H
#define CONSOLE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vga.h"

/**
 * A report in progress on the screen: set up by console_report_begin(),
 * written with console_report_write(), closed by console_report_end().
 */
struct console_report {
	struct vga_writer *writer; /**< where the report goes, or NULL: not on screen */
	bool locked;		   /**< true if the console lock was free and is held now */
	uint8_t saved_attribute;   /**< the console's colours before the report (if locked) */
};

/**
 * Starts a report on the screen, on a fresh row, in the given colours. It
 * never waits: if the console lock is free it takes it (and ordinary output
 * waits until the report is over); if the lock is held, the report must
 * have interrupted the holder, and it writes beside the holder's text with
 * an emergency writer, or leaves the screen alone if there is none (this
 * lesson; lesson 05 adds them).
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

#endif
