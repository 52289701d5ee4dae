/*
 * Virtual wire mode: the local APIC lets the 8259's interrupts (LINT0) and
 * NMIs (LINT1) through to the core. The registers are memory-mapped, 4 KiB
 * at the physical address the IA32_APIC_BASE MSR holds (0xfee00000 after a
 * reset), each 32 bits wide on a 16-byte boundary (Intel SDM vol. 3,
 * "Local Vector Table").
 */
#include <stdint.h>
#include "lapic.h"
#include "boot_map.h"
#include "console.h"
#include "x86.h"

#define IA32_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1ull << 11)	   /* 0: the APIC is off, the pins go straight in */
#define APIC_BASE_ADDRESS	0x000ffffffffff000ull /* bits 12-51: the registers' frame */
#define APIC_REGISTERS_SIZE	0x1000

#define APIC_SPURIOUS		0xf0	/* spurious-interrupt vector register */
#define APIC_SOFTWARE_ENABLE	(1u << 8)
#define APIC_SPURIOUS_VECTOR	0xff	/* the vector SeaBIOS leaves there too */
#define APIC_LVT_LINT0		0x350
#define APIC_LVT_LINT1		0x360

/* LVT entry: bits 8-10 are the delivery mode, bit 16 the mask (0 = pass). */
#define LVT_DELIVER_NMI		(4u << 8)	/* an NMI; the vector field is ignored */
#define LVT_DELIVER_EXTINT	(7u << 8)	/* the 8259 answers the CPU's acknowledge with the vector */

static void apic_write(uintptr_t base, uint32_t reg, uint32_t value)
{
	*(volatile uint32_t *)(base + reg) = value;
}

//! [virtual_wire]
void lapic_virtual_wire_init(void)
{
	uint64_t msr = rdmsr(IA32_APIC_BASE);
	uint64_t base = msr & APIC_BASE_ADDRESS;

	if (!(msr & APIC_BASE_ENABLE))
		return;
	/* Near 4 GiB, outside the boot page tables' first 1 GiB. */
	if (!boot_map_identity(base, APIC_REGISTERS_SIZE))
		panicf("lapic: cannot map the local APIC's registers at 0x%llx",
		       (unsigned long long)base);
	/* A software-disabled APIC keeps every LVT entry masked whatever is
	 * written there (SDM vol. 3, "Local APIC State After It Has Been
	 * Software Disabled"), so switch it on first. */
	apic_write(base, APIC_SPURIOUS, APIC_SOFTWARE_ENABLE | APIC_SPURIOUS_VECTOR);
	apic_write(base, APIC_LVT_LINT0, LVT_DELIVER_EXTINT);
	apic_write(base, APIC_LVT_LINT1, LVT_DELIVER_NMI);
}
//! [virtual_wire]
