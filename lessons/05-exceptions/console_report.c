/*
 * Reports on the screen that never wait for the console lock, and still
 * reach the screen while it is held (see console_report.h). This file
 * takes the place of lesson 03's, which left the screen out then.
 *
 * An exception can strike inside kprintf() (a bad pointer for "%s"), and an
 * NMI anywhere: the lock's holder is then the interrupted code on this CPU,
 * frozen until the report is over. The report writes beside it with an
 * emergency writer: a second writer over the same screen, with its own
 * column, so the holder's state is never touched.
 */
#include "console.h"
#include "console_report.h"

/*
 * Reports can nest: an NMI during an exception's report, a fault inside
 * the NMI's, a panic at the end. Each level gets its own emergency writer,
 * so the inner report never changes the state of the outer one's.
 */
#define EMERGENCY_LEVELS 4

static struct vga_writer emergency_writers[EMERGENCY_LEVELS];
static int emergency_depth;	/* emergency writers in use, innermost last */

//! [report]
void console_report_begin(struct console_report *report, enum vga_color fg, enum vga_color bg)
{
	const struct vga_writer *screen = console_vga();

	report->writer = NULL;
	report->locked = false;
	if (screen->buffer == NULL)
		return;	/* before console_init(): serial has the report */
	report->writer = console_trylock();
	if (report->writer != NULL) {
		/* Nobody was printing: use the console itself, under its lock. */
		report->locked = true;
		report->saved_attribute = report->writer->attribute;
	} else {
		/*
		 * The lock is held, on this CPU: by the code this report
		 * interrupted, which cannot run until the report is over.
		 * Write beside it with an emergency writer of the same screen,
		 * starting on a fresh row. The interrupted writer keeps its own
		 * state and carries on below the report when it resumes.
		 */
		int level = __atomic_fetch_add(&emergency_depth, 1, __ATOMIC_ACQUIRE);

		if (level >= EMERGENCY_LEVELS) {
			/* nested too deep: serial has the report */
			__atomic_fetch_sub(&emergency_depth, 1, __ATOMIC_RELEASE);
			return;
		}
		report->writer = &emergency_writers[level];
		vga_writer_init(report->writer, screen->buffer, screen->width, screen->height);
		vga_write_char(report->writer, '\n');
	}
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
		/* The cursor's registers are not touched: the interrupted code
		 * may be in the middle of moving it. */
		__atomic_fetch_sub(&emergency_depth, 1, __ATOMIC_RELEASE);
	}
}
//! [report]
