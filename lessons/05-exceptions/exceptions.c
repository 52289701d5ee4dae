/*
 * The kernel's answer to CPU exceptions: a report, then a stop (or, for a
 * breakpoint, carrying on). A kernel at this stage cannot repair a fault:
 * nothing it could do would make the faulting instruction succeed when it
 * runs again, so returning would only fault again, forever.
 */
#include <stdbool.h>
#include "backtrace.h"
#include "console.h"
#include "console_report.h"
#include "exception_table.h"
#include "exceptions.h"
#include "format.h"
#include "kernel_layout.h"
#include "panic.h"
#include "report_format.h"
#include "serial.h"
#include "serial_print.h"
#include "x86.h"

/* interrupt_stubs.asm: bit N set if the stub of vector N expects an error code. */
extern const uint32_t interrupt_error_code_mask;

#define REPORT_CODE_BYTES 16	/* bytes at RIP in a #UD report: the longest instruction is 15 */

/* How long the one-line "kernel stopped" notice can be. */
#define STOP_NOTICE_SIZE 80

static exception_hook fatal_hook;

/*
 * For #UD, the bytes at RIP (lab 5.1) as "code at RIP: 0f 0b 00 ...", which
 * tell ud2 (0f 0b) from a jump into data. The CPU fetched from RIP, so it is
 * mapped; the read stays inside the kernel's code, as kernel.ld lays it out,
 * and says so when RIP is somewhere else.
 */
static void report_code(const struct interrupt_frame *frame, format_sink sink, void *context)
{
	// LAB 5.1 BEGIN: the bytes at the faulting RIP
	uintptr_t start = (uintptr_t)__text_start, end = (uintptr_t)__text_end;
	const uint8_t *code = (const uint8_t *)(uintptr_t)frame->rip;

	if (frame->rip < start || frame->rip >= end) {
		format_to(sink, context, "code at RIP: (outside the kernel's code, not read)\n");
		return;
	}
	format_to(sink, context, "code at RIP:");
	for (uintptr_t i = 0; i < REPORT_CODE_BYTES && frame->rip + i < end; i++)
		format_to(sink, context, " %02x", code[i]);
	format_to(sink, context, "\n");
	// LAB 5.1 STUB
	// (void)frame;
	// (void)sink;
	// (void)context;
	// LAB 5.1 END
}

/* The calls that led to the exception (lab 5.2), from the frame's RBP. */
static void report_backtrace(const struct interrupt_frame *frame, format_sink sink, void *context)
{
	uint64_t addresses[BACKTRACE_MAX];
	size_t count = backtrace_walk(frame->rbp, addresses, BACKTRACE_MAX);

	if (count == 0)
		return;
	/* Lines of at most 80 columns: four addresses each. */
	for (size_t i = 0; i < count; i++)
		format_to(sink, context, "%s0x%lx%s",
			  i == 0 ? "backtrace: " : i % 4 == 0 ? "           " : " ", addresses[i],
			  i % 4 == 3 || i == count - 1 ? "\n" : "");
}

/* Everything one exception's report says, and the handler's own lines. */
struct report {
	const struct interrupt_frame *frame;
	uint64_t cr2;
	exception_report_more more;
	void *more_context;
};

/* The whole text of a report, into one sink. */
static void write_report(const struct report *report, format_sink sink, void *context)
{
	const struct interrupt_frame *frame = report->frame;

	exception_format_report(frame, report->cr2, sink, context);
	if (frame->vector == EXCEPTION_INVALID_OPCODE)
		report_code(frame, sink, context);
	report_backtrace(frame, sink, context);
	if (report->more)
		report->more(frame, sink, context, report->more_context);
}

/* Exceptions the kernel carries on after are shown in yellow, the others in red. */
static enum vga_color report_color(uint64_t vector)
{
	return vector == EXCEPTION_BREAKPOINT || vector == EXCEPTION_NMI ? VGA_YELLOW
									  : VGA_LIGHT_RED;
}

//! [report]
void exception_report_with(const struct interrupt_frame *frame, exception_report_more more,
			   void *more_context)
{
	/* CR2 holds the last page fault's address; read it before anything
	 * else can fault and overwrite it. */
	struct report report = {frame, read_cr2(), more, more_context};
	struct console_report screen;

	/*
	 * Serial first, the whole report: the UART needs no lock, and if the
	 * way to the screen goes wrong, the report is already out. It starts
	 * on a line of its own even if it interrupted a line half sent.
	 */
	if (!serial_at_line_start())
		serial_write_char('\n');
	write_report(&report, serial_sink, NULL);
	/*
	 * Then the screen, without ever waiting for the console lock: the
	 * exception may have interrupted its holder (a fault inside kprintf,
	 * an NMI at any moment), which would never release it.
	 * console_report_begin() takes the lock if it is free, and otherwise
	 * writes with an emergency writer of its own.
	 */
	console_report_begin(&screen, report_color(frame->vector), VGA_BLACK);
	write_report(&report, console_report_write, &screen);
	console_report_end(&screen);
}
//! [report]

void exception_report(const struct interrupt_frame *frame)
{
	exception_report_with(frame, NULL, NULL);
}

void exception_set_fatal_hook(exception_hook hook)
{
	fatal_hook = hook;
}

//! [halt]
noreturn void exception_halt(const struct interrupt_frame *frame)
{
	const struct exception_info *info = exception_info(frame->vector);
	const char *mnemonic = info ? info->mnemonic : "interrupt";

	if (fatal_hook)
		fatal_hook(frame);	/* a test kernel that expected this fault */
#ifdef KTEST_BUILD
	/* The panic hook of the test runner marks the running test failed. */
	panicf("unexpected exception %lu (%s), reported above", frame->vector, mnemonic);
#else
	/* The same way as the report: the console lock may be held. */
	char notice[STOP_NOTICE_SIZE];
	size_t length = (size_t)format_string(notice, sizeof(notice),
					      "The kernel stopped after exception %lu (%s).\n",
					      frame->vector, mnemonic);
	struct console_report screen;

	length = length < sizeof(notice) ? length : sizeof(notice) - 1;
	serial_write(notice, length);
	console_report_begin(&screen, VGA_LIGHT_GREY, VGA_BLACK);
	console_report_write(&screen, notice, length);
	console_report_end(&screen);
	halt_forever();
#endif
}
//! [halt]

//! [handlers]
noreturn void exception_unhandled(struct interrupt_frame *frame)
{
	exception_report(frame);
	exception_halt(frame);
}

void exception_breakpoint(struct interrupt_frame *frame)
{
	exception_report(frame);
	/* Returning resumes at frame->rip, the instruction after int3. */
}
//! [handlers]

//! [init]
void exceptions_init(void)
{
	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++) {
		if (exception_has_error_code(vector) != ((interrupt_error_code_mask >> vector) & 1))
			panicf("exceptions_init: exception_table.c and interrupt_stubs.asm "
			       "disagree on whether vector %d has an error code", vector);
		idt_set_handler(vector, exception_unhandled, 0);
	}
	idt_set_handler(EXCEPTION_BREAKPOINT, exception_breakpoint, 0);
}
//! [init]
