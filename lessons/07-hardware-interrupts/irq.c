/*
 * The common handler of the 16 PIC vectors: spurious check, the driver's
 * handler, end-of-interrupt.
 */
#include <stddef.h>
#include "irq.h"
#include "console.h"
#include "interrupts.h"
#include "lapic.h"
#include "pic.h"
#include "x86.h"

/* The driver function of each IRQ line; NULL while none is installed. */
static irq_handler handlers[PIC_IRQ_COUNT];

//! [dispatch]
static void irq_dispatch(struct interrupt_frame *frame)
{
	unsigned irq = (unsigned)(frame->vector - PIC_VECTOR_BASE);

	if (irq >= PIC_IRQ_COUNT)
		panicf("irq_dispatch: vector %llu is not a PIC vector",
		       (unsigned long long)frame->vector);
	if (pic_is_spurious(irq)) {
		if (irq >= PIC_SLAVE_FIRST_IRQ) /* the master did see the slave's request */
			pic_end_of_interrupt(PIC_CASCADE_IRQ);
		return;
	}
	if (!handlers[irq])
		panicf("irq_dispatch: IRQ %u is unmasked but has no handler", irq);
	handlers[irq]();
	pic_end_of_interrupt(irq);
}
//! [dispatch]

void irq_init(void)
{
	pic_init();
	lapic_virtual_wire_init(); /* the PIC's output and NMIs reach the core */
	for (unsigned irq = 0; irq < PIC_IRQ_COUNT; irq++)
		idt_set_handler((uint8_t)(PIC_VECTOR_BASE + irq), irq_dispatch, 0);
}

//! [install]
void irq_install(unsigned irq, irq_handler handler)
{
	if (irq >= PIC_IRQ_COUNT)
		panicf("irq_install: IRQ %u does not exist (the PICs have 0-15)", irq);
	if (handlers[irq])
		panicf("irq_install: IRQ %u already has a handler", irq);
	handlers[irq] = handler;
	pic_unmask(irq);
}
//! [install]
