/*
 * Reports on the screen that never wait for the console lock (see
 * console_report.h). A report takes the lock if it is free; if it is held,
 * the report writes with an emergency writer instead, where there is one
 * (emergency_writer.h: none in this lesson, one from lesson 05 on).
 */
#include "console.h"
#include "console_report.h"
#include "emergency_writer.h"

//! [report]
void console_report_begin(struct console_report *report, enum vga_color fg, enum vga_color bg)
{
	report->writer = console_trylock();
	report->locked = report->writer != NULL;
	if (report->locked)
		report->saved_attribute = report->writer->attribute;
	else	/* held by the code this report interrupted */
		report->writer = emergency_writer_get();
	if (report->writer == NULL)
		return;	/* not on screen: serial has the report */
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
	} else if (report->writer != NULL) {
		emergency_writer_put();
	}
}
//! [report]
