/**
 * @file
 * Hardware interrupts (IRQs) routed to C functions.
 *
 * irq_init() points the 16 IDT gates of the remapped PICs at one common
 * handler. For each interrupt it filters out spurious ones, calls the
 * driver's function for the IRQ, and sends the end-of-interrupt that lets
 * the PIC deliver the next one, so drivers never talk to the PIC about
 * their interrupts themselves.
 */
#ifndef IRQ_H
#define IRQ_H

/** IRQ 0: the programmable interval timer (PIT), channel 0. */
#define IRQ_TIMER    0
/** IRQ 1: the PS/2 keyboard. */
#define IRQ_KEYBOARD 1

/** A driver's interrupt handler. It runs with interrupts disabled. */
typedef void (*irq_handler)(void);

/**
 * Remaps the PICs (vectors 32-47, all IRQs masked), opens the local APIC's
 * pins to the PIC and the NMI line (lapic_virtual_wire_init()) and installs
 * the common handler on the 16 vectors. Spurious IRQs 7 and 15 can arrive even while
 * masked, so all 16 gates are present from the start.
 */
void irq_init(void);

/**
 * Sets the function that handles an IRQ and unmasks the IRQ.
 * @param irq 0-15; installing a second handler for the same IRQ panics
 * @param handler the driver's function
 */
void irq_install(unsigned irq, irq_handler handler);

#endif
