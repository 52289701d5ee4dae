/*
 * 8259 PIC driver: remapping, masking, end-of-interrupt, spurious IRQs.
 *
 * Each PIC has a command port and a data port. It is programmed by a fixed
 * sequence of initialization command words: ICW1 on the command port
 * starts it, then ICW2 (vector offset), ICW3 (cascade wiring) and ICW4
 * (mode) follow on the data port. After that, the data port reads and
 * writes the interrupt mask register, and the command port takes
 * "operation command words" such as end-of-interrupt.
 */
#include "pic.h"
#include "console.h"
#include "x86.h"

//! [ports]
#define PIC1_COMMAND 0x20 /* master */
#define PIC1_DATA    0x21
#define PIC2_COMMAND 0xa0 /* slave */
#define PIC2_DATA    0xa1

#define ICW1_INIT		  0x10			  /* start the initialization sequence */
#define ICW1_ICW4		  0x01			  /* ICW4 will follow */
#define ICW3_MASTER_SLAVE_ON_IRQ2 (1u << PIC_CASCADE_IRQ) /* bit mask of the input */
#define ICW3_SLAVE_IDENTITY	  PIC_CASCADE_IRQ	  /* number of that input */
#define ICW4_8086		  0x01			  /* 8086 mode, not the 8080 mode of 1976 */

#define PIC_END_OF_INTERRUPT 0x20 /* OCW2: non-specific end of interrupt */
#define PIC_READ_ISR	     0x0b /* OCW3: the next command-port read gives the in-service register */

#define PIC1_VECTOR_BASE    PIC_VECTOR_BASE			    /* IRQs 0-7 -> vectors 32-39 */
#define PIC2_VECTOR_BASE    (PIC_VECTOR_BASE + PIC_SLAVE_FIRST_IRQ) /* IRQs 8-15 -> vectors 40-47 */
#define PIC_LINES	    PIC_SLAVE_FIRST_IRQ			    /* inputs per PIC */
#define PIC_LOWEST_PRIORITY 7 /* input a spurious interrupt is reported on */
#define ALL_MASKED	    0xff
//! [ports]

static void check_irq(unsigned irq, const char *function)
{
	if (irq >= PIC_IRQ_COUNT)
		panicf("%s: IRQ %u does not exist (the PICs have 0-15)", function, irq);
}

//! [remap]
void pic_init(void)
{
	/* ICW1: both PICs wait for ICW2-ICW4 on their data port. io_wait()
	 * gives the (on real hardware, slow) chips time between words. */
	outb(PIC1_COMMAND, ICW1_INIT | ICW1_ICW4);
	io_wait();
	outb(PIC2_COMMAND, ICW1_INIT | ICW1_ICW4);
	io_wait();
	/* ICW2: the vector of each PIC's input 0. */
	outb(PIC1_DATA, PIC1_VECTOR_BASE);
	io_wait();
	outb(PIC2_DATA, PIC2_VECTOR_BASE);
	io_wait();
	/* ICW3: the master learns where the slave is; the slave its number. */
	outb(PIC1_DATA, ICW3_MASTER_SLAVE_ON_IRQ2);
	io_wait();
	outb(PIC2_DATA, ICW3_SLAVE_IDENTITY);
	io_wait();
	/* ICW4: 8086 mode, end of interrupt sent by the kernel. */
	outb(PIC1_DATA, ICW4_8086);
	io_wait();
	outb(PIC2_DATA, ICW4_8086);
	io_wait();
	/* Nothing gets through until a driver asks for its IRQ. */
	outb(PIC1_DATA, ALL_MASKED);
	outb(PIC2_DATA, ALL_MASKED);
}
//! [remap]

static uint16_t data_port(unsigned irq)
{
	return irq < PIC_LINES ? PIC1_DATA : PIC2_DATA;
}

void pic_mask(unsigned irq)
{
	uint16_t port = data_port(irq);

	check_irq(irq, "pic_mask");
	outb(port, inb(port) | (uint8_t)(1u << (irq % PIC_LINES)));
}

void pic_unmask(unsigned irq)
{
	uint16_t port = data_port(irq);

	check_irq(irq, "pic_unmask");
	outb(port, inb(port) & (uint8_t) ~(1u << (irq % PIC_LINES)));
	if (irq >= PIC_LINES)
		pic_unmask(PIC_CASCADE_IRQ);
}

uint16_t pic_masks(void)
{
	return (uint16_t)(inb(PIC2_DATA) << 8 | inb(PIC1_DATA));
}

//! [eoi]
void pic_end_of_interrupt(unsigned irq)
{
	check_irq(irq, "pic_end_of_interrupt");
	if (irq >= PIC_LINES)
		outb(PIC2_COMMAND, PIC_END_OF_INTERRUPT);
	outb(PIC1_COMMAND, PIC_END_OF_INTERRUPT);
}
//! [eoi]

static uint8_t in_service(uint16_t command_port)
{
	outb(command_port, PIC_READ_ISR);
	return inb(command_port);
}

//! [spurious]
bool pic_is_spurious(unsigned irq)
{
	check_irq(irq, "pic_is_spurious");
	if (irq % PIC_LINES != PIC_LOWEST_PRIORITY)
		return false;
	/* A real IRQ 7 or 15 is "in service" while its handler runs. */
	uint16_t command = irq < PIC_LINES ? PIC1_COMMAND : PIC2_COMMAND;

	return !(in_service(command) & (1u << PIC_LOWEST_PRIORITY));
}
//! [spurious]
