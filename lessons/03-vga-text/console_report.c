/*
 * Reports on the screen that never wait for the console lock (see
 * console_report.h). In this lesson a report reaches the screen only when
 * the lock is free; lesson 05 replaces this file with one that also writes
 * while the lock is held.
 */
#include "console.h"
#include "console_report.h"

//! [report]
void console_report_begin(struct console_report *report, enum vga_color fg, enum vga_color bg)
{
	report->writer = console_trylock();
	report->locked = report->writer != NULL;
	if (report->writer == NULL)
		return;	/* held by the code this report interrupted: serial has it */
	report->saved_attribute = report->writer->attribute;
	if (report->writer->column > 0)
		vga_write_char(report->writer, '\n');	/* start on a fresh row */
	vga_set_color(report->writer, fg, bg);
}

void console_report_write(void *report, const char *text, size_t length)
{
	struct console_report *r = report;

	if (r->writer)
		vga_write(r->writer, text, length);
}

void console_report_end(struct console_report *report)
{
	if (report->locked) {
		report->writer->attribute = report->saved_attribute;
		console_unlock();
	}
}
//! [report]
