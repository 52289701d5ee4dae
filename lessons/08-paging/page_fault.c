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
#include "console.h"
#include "demand_paging.h"
#include "exception_table.h"
#include "exceptions.h"
#include "interrupts.h"
#include "page_tables.h"
#include "serial.h"
#include "x86.h"

/* The walk goes to serial first, like lesson 05's report, then the screen. */
static void report_sink(void *context, const char *text, size_t length)
{
	(void)context;
	serial_write(text, length);
	console_write(text, length);
}

//! [handler]
static void page_fault_handler(struct interrupt_frame *frame)
{
	static const char heading[] = "page walk of CR2:\n";
	uint64_t address = read_cr2(); /* read first: another fault would overwrite it */

	if (demand_page(address, frame->error_code))
		return; /* now mapped: the access runs again and succeeds */
	exception_report(frame);
	report_sink(NULL, heading, sizeof(heading) - 1);
	page_walk_print(address, report_sink, NULL);
	exception_halt(frame);
}
//! [handler]

void page_fault_init(void)
{
	idt_set_handler(EXCEPTION_PAGE_FAULT, page_fault_handler, 0);
}
