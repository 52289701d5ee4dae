/*
 * The NMI handler: a report, the stack it ran on, and back to the
 * interrupted code. An NMI is neither a fault nor an abort: returning with
 * iretq resumes the interrupted code exactly where it was.
 */
#include <stdint.h>
#include "console.h"
#include "exception_table.h"
#include "exceptions.h"
#include "interrupts.h"
#include "nmi.h"
#include "serial_print.h"
#include "tss.h"

static void nmi_handler(struct interrupt_frame *frame)
{
	const char *stack = tss_on_nmi_stack((uintptr_t)frame) ? "the NMI stack (IST2)"
								: "an unexpected stack";

	exception_report(frame);
	serial_printf("NMI handled on %s, frame at %p; resuming\n", stack, (void *)frame);
	kprintf("NMI handled on %s; resuming\n", stack);
}

void nmi_init(void)
{
	// LAB 6.1 BEGIN: the NMI gate asks for IST2
	idt_set_handler(EXCEPTION_NMI, nmi_handler, TSS_IST_NMI);
	// LAB 6.1 STUB
	// (void)nmi_handler; /* lab 6.1: install it on vector 2 with IST2 */
	// LAB 6.1 END
}
