/**
 * @file
 * The two 8259 programmable interrupt controllers (PICs) of the PC.
 *
 * Devices do not interrupt the CPU directly: each raises one of 16
 * interrupt request lines (IRQs) into a PIC, and the PIC turns the highest
 * priority pending request into a vector number for the CPU. The master
 * PIC takes IRQs 0-7; the slave takes IRQs 8-15 and signals them to the
 * master on the master's IRQ 2 (the cascade).
 */
#ifndef PIC_H
#define PIC_H

#include <stdbool.h>
#include <stdint.h>

/** Vector of IRQ 0 after pic_init(): IRQs 0-15 arrive at vectors 32-47. */
#define PIC_VECTOR_BASE	    32
/** Number of IRQ lines of the two PICs together. */
#define PIC_IRQ_COUNT	    16
/** The first IRQ of the slave PIC: IRQs 8-15 come through the cascade. */
#define PIC_SLAVE_FIRST_IRQ 8
/** The master PIC's input the slave PIC is wired to. */
#define PIC_CASCADE_IRQ	    2

/**
 * Reprograms both PICs so that IRQs 0-15 arrive at vectors 32-47, where
 * they cannot be mistaken for CPU exceptions (the BIOS leaves IRQs 0-7 at
 * vectors 8-15, the vectors of \#DF, \#GP, \#PF...). Every IRQ is masked
 * afterwards; unmask the ones that have a handler with pic_unmask().
 */
void pic_init(void);

/**
 * Stops a PIC from passing one IRQ line to the CPU.
 * @param irq 0-15
 */
void pic_mask(unsigned irq);

/**
 * Lets a PIC pass one IRQ line to the CPU. For IRQs 8-15 the cascade line
 * (IRQ 2) is unmasked too, or nothing from the slave would get through.
 * @param irq 0-15
 */
void pic_unmask(unsigned irq);

/**
 * Reads both PICs' interrupt mask registers.
 * @return bit n set when IRQ n is masked (master in bits 0-7, slave in 8-15)
 */
uint16_t pic_masks(void);

/**
 * Tells the PICs that the handler of an IRQ has finished, so that they
 * deliver the next interrupt of the same or lower priority. An IRQ from the
 * slave needs the end-of-interrupt command on both PICs: the master is
 * also serving it, on its cascade line.
 * @param irq 0-15
 */
void pic_end_of_interrupt(unsigned irq);

/**
 * Checks whether an interrupt on IRQ 7 or 15 was spurious: a request that
 * went away before the PIC could say which line raised it, which the PIC
 * reports as its lowest-priority line. A spurious IRQ must not get an
 * end-of-interrupt, except on the master for a spurious IRQ 15 (the master
 * did see a real request, on its cascade line).
 * @param irq 0-15
 * @return true if the interrupt was spurious (only possible for 7 and 15)
 */
bool pic_is_spurious(unsigned irq);

#endif
