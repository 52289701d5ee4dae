/**
 * @file
 * The local APIC's two interrupt pins, set up as "virtual wire" mode.
 *
 * Every x86-64 core has a local APIC between its interrupt pins and the
 * core. Its pin LINT0 is wired to the 8259 PIC's output (INTR) and LINT1 to
 * the chipset's NMI line; the APIC passes a pin's signal on only as its
 * Local Vector Table (LVT) entry says, and an entry that is masked drops it.
 */
#ifndef LAPIC_H
#define LAPIC_H

/**
 * Puts the local APIC in virtual wire mode: LINT0 passes the PIC's
 * interrupts on as external interrupts (the PIC supplies the vector, as
 * without an APIC) and LINT1 passes NMIs on. A PC's firmware normally does
 * this (SeaBIOS does); a minimal firmware such as qboot leaves both entries
 * masked, and then no timer tick, key or NMI ever reaches the kernel. Does
 * nothing when the APIC is switched off in its base MSR: the pins then go
 * to the core directly.
 */
void lapic_virtual_wire_init(void);

#endif
