/*
 * Page-fault handler: lesson 05's exception report, plus the page walk
 * of the faulting address, then the kernel stops.
 *
 * A page fault is a fault: the saved RIP points at the instruction that
 * failed, and returning would run it again, and fault again. Only in the
 * small demand-paged region (demand_paging.h) is there something to do:
 * map the missing page and return, and the access succeeds the second
 * time. Any other fault is reported, and the kernel stops.
 */
#include <stddef.h>
#include "page_fault.h"
#include "demand_paging.h"
#include "exception_table.h"
#include "exceptions.h"
#include "format.h"
#include "interrupts.h"
#include "page_tables.h"
#include "x86.h"

/* The page fault's lines in its report: the walk of the address that faulted. */
static void report_walk(const struct interrupt_frame *frame, format_sink sink, void *sink_context,
			void *context)
{
	const uint64_t *address = context;

	(void)frame;
	format_to(sink, sink_context, "page walk of CR2:\n");
	page_walk_print(*address, sink, sink_context);
}

//! [handler]
static void page_fault_handler(struct interrupt_frame *frame)
{
	uint64_t address = read_cr2(); /* read first: another fault would overwrite it */

	if (demand_page(address, frame->error_code))
		return; /* now mapped: the access runs again and succeeds */
	/* The walk is part of the report: on serial first, and then on the
	 * screen even if the fault hit while the console lock was held. */
	exception_report_with(frame, report_walk, &address);
	exception_halt(frame);
}
//! [handler]

void page_fault_init(void)
{
	idt_set_handler(EXCEPTION_PAGE_FAULT, page_fault_handler, 0);
}
