/*
 * The NMI handler: a report, the stack it ran on, and back to the
 * interrupted code. An NMI is neither a fault nor an abort: returning with
 * iretq resumes the interrupted code exactly where it was. The gate leads
 * to nmi_entry.asm, which holds back an NMI that arrives while another is
 * being handled.
 */
#include <stdint.h>
#include "console.h"
#include "exception_table.h"
#include "exceptions.h"
#include "format.h"
#include "interrupts.h"
#include "nmi.h"
#include "tss.h"

/* nmi_entry.asm: the gate's entry, and the stack size it was built for. */
extern void nmi_entry(void);
extern const uint32_t nmi_entry_stack_size;

/* The NMI's line in its report: which stack the handler ran on. */
static void report_stack(const struct interrupt_frame *frame, format_sink sink, void *sink_context,
			 void *context)
{
	const char *stack = tss_on_nmi_stack((uintptr_t)frame) ? "the NMI stack (IST2)"
							       : "an unexpected stack";

	(void)context;
	format_to(sink, sink_context, "NMI handled on %s, frame at %p; resuming\n", stack,
		  (void *)frame);
}

/*
 * cli does not hold an NMI back, so it can interrupt any code, also code
 * that holds the console lock: the report must not wait for that lock.
 * exception_report_with() never does (see console_report_begin()).
 */
static void nmi_handler(struct interrupt_frame *frame)
{
	exception_report_with(frame, report_stack, NULL);
}

void nmi_init(void)
{
	if (nmi_entry_stack_size != NMI_STACK_SIZE)
		panicf("nmi_init: nmi_entry.asm expects a %u-byte NMI stack, tss.h says %u",
		       nmi_entry_stack_size, NMI_STACK_SIZE);
	/* Before the handler: the gate must never lead to the plain stub. */
	idt_set_entry(EXCEPTION_NMI, nmi_entry);
	// LAB 6.1 BEGIN: the NMI gate asks for IST2
	idt_set_handler(EXCEPTION_NMI, nmi_handler, TSS_IST_NMI);
	// LAB 6.1 STUB
	// (void)nmi_handler; /* lab 6.1: install it on vector 2 with IST2 */
	// LAB 6.1 END
}
