/*
 * The #DF handler. The CPU raises a double fault when delivering one
 * exception causes another it cannot handle in turn, for example a page
 * fault while pushing the frame of a page fault because the stack itself
 * is gone. Then the current stack cannot be trusted, so the gate asks for
 * IST1: the CPU loads RSP from the TSS before it pushes anything.
 *
 * A double fault is an abort: the saved RIP may not point at the
 * instruction that failed, and returning is not allowed. The handler
 * reports and stops.
 */
#include <stdint.h>
#include "double_fault.h"
#include "exception_table.h"
#include "exceptions.h"
#include "format.h"
#include "interrupts.h"
#include "tss.h"

//! [handler]
/* The #DF's lines in its report: which stack the handler ran on, and how much of it. */
static void report_stack(const struct interrupt_frame *frame, format_sink sink, void *sink_context,
			 void *context)
{
	/* The frame is on the stack the CPU switched to: show which one. */
	const char *stack = tss_on_double_fault_stack((uintptr_t)frame)
				    ? "the double-fault stack (IST1)"
				    : "an unexpected stack";
	size_t used = tss_double_fault_stack_used(); /* lab 6.2: 0 until it is written */

	(void)context;
	format_to(sink, sink_context, "handler ran on %s, frame at %p\n", stack, (void *)frame);
	if (used > 0)
		format_to(sink, sink_context, "double-fault stack: %zu of %u bytes used\n", used,
			  DOUBLE_FAULT_STACK_SIZE);
}

static void double_fault_handler(struct interrupt_frame *frame)
{
	exception_report_with(frame, report_stack, NULL);
	exception_halt(frame);
}

void double_fault_init(void)
{
	idt_set_handler(EXCEPTION_DOUBLE_FAULT, double_fault_handler, TSS_IST_DOUBLE_FAULT);
}
//! [handler]
