/**
 * @file
 * x86 instructions that C has no words for, one tiny inline function each:
 * port I/O, halting, interrupts on and off, control registers, descriptor
 * tables and the TLB. Everywhere else the kernel calls these by name
 * instead of writing inline assembly.
 */
#ifndef X86_H
#define X86_H

#include <stdint.h>

/** Writes a byte to an I/O port. @param port the port @param value the byte */
static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

/** Writes a 32-bit value to an I/O port. @param port the port @param value the value */
static inline void outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

/** Reads a byte from an I/O port. @param port the port @return the byte read */
static inline uint8_t inb(uint16_t port)
{
	uint8_t value;
	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

/** Gives a slow device time to react, by writing to the unused port 0x80. */
static inline void io_wait(void)
{
	outb(0x80, 0);
}

/**
 * Stops the CPU until the next interrupt arrives. The "memory" clobber
 * tells the compiler that memory may have changed when hlt returns (an
 * interrupt handler ran), so a wait loop around it reads its variable
 * again instead of keeping it in a register.
 */
static inline void hlt(void)
{
	__asm__ volatile("hlt" : : : "memory");
}

/** Disables maskable interrupts (clears RFLAGS.IF). */
static inline void cli(void)
{
	__asm__ volatile("cli" : : : "memory");
}

/** Enables maskable interrupts (sets RFLAGS.IF). */
static inline void sti(void)
{
	__asm__ volatile("sti" : : : "memory");
}

/** Raises a breakpoint exception (vector 3). */
static inline void int3(void)
{
	__asm__ volatile("int3");
}

/** RFLAGS.IF (bit 9): set while maskable interrupts are delivered. */
#define RFLAGS_INTERRUPT_ENABLE (1u << 9)

/** @return the RFLAGS register */
static inline uint64_t read_rflags(void)
{
	uint64_t rflags;
	__asm__ volatile("pushfq; popq %0" : "=r"(rflags));
	return rflags;
}

/** @return CR0, the control register with the paging and write-protect bits */
static inline uint64_t read_cr0(void)
{
	uint64_t value;
	__asm__ volatile("mov %%cr0, %0" : "=r"(value));
	return value;
}

/** @return CR2, the address that caused the last page fault */
static inline uint64_t read_cr2(void)
{
	uint64_t value;
	__asm__ volatile("mov %%cr2, %0" : "=r"(value));
	return value;
}

/** @return CR3, the physical address of the level-4 page table */
static inline uint64_t read_cr3(void)
{
	uint64_t value;
	__asm__ volatile("mov %%cr3, %0" : "=r"(value));
	return value;
}

/** @return CR4, the control register with the PAE bit */
static inline uint64_t read_cr4(void)
{
	uint64_t value;
	__asm__ volatile("mov %%cr4, %0" : "=r"(value));
	return value;
}

/**
 * Reads a model-specific register.
 * @param msr the register's number
 * @return its 64-bit value
 */
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t low, high;
	__asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
	return ((uint64_t)high << 32) | low;
}

/**
 * Removes the TLB's cached translation of one page.
 * @param address any address inside the page
 */
static inline void invlpg(uintptr_t address)
{
	__asm__ volatile("invlpg (%0)" : : "r"(address) : "memory");
}

/** The operand of lgdt and lidt: a table's size minus one and its address. */
struct descriptor_table_pointer {
	uint16_t limit;	/**< size of the table in bytes, minus one */
	uint64_t base;	/**< linear address of the table */
} __attribute__((packed));

/** Loads the interrupt descriptor table register. @param pointer the IDT's limit and base */
static inline void lidt(const struct descriptor_table_pointer *pointer)
{
	__asm__ volatile("lidt %0" : : "m"(*pointer));
}

/** Loads the global descriptor table register. @param pointer the GDT's limit and base */
static inline void lgdt(const struct descriptor_table_pointer *pointer)
{
	__asm__ volatile("lgdt %0" : : "m"(*pointer));
}

/** Loads the task register. @param selector the TSS descriptor's selector in the GDT */
static inline void ltr(uint16_t selector)
{
	__asm__ volatile("ltr %0" : : "r"(selector));
}

/* Segment registers, descriptor tables and the task register (lessons 05-06). */

/** @return CS, the selector of the code segment the CPU runs in */
static inline uint16_t read_cs(void)
{
	uint16_t selector;
	__asm__ volatile("mov %%cs, %0" : "=r"(selector));
	return selector;
}

/** @return SS, the stack segment selector */
static inline uint16_t read_ss(void)
{
	uint16_t selector;
	__asm__ volatile("mov %%ss, %0" : "=r"(selector));
	return selector;
}

/** @return DS, the data segment selector */
static inline uint16_t read_ds(void)
{
	uint16_t selector;
	__asm__ volatile("mov %%ds, %0" : "=r"(selector));
	return selector;
}

/**
 * Loads CS. No `mov` can write CS: this pushes the new selector and the
 * address of the next instruction, and a far return (lretq) pops both,
 * exactly as if returning from a far call into the new segment.
 * @param selector a code segment selector of the current GDT
 */
static inline void load_cs(uint16_t selector)
{
	__asm__ volatile("pushq %q0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:"
			 : : "r"((uint64_t)selector) : "rax", "memory");
}

/** Loads SS. @param selector a writable data segment selector (or 0) */
static inline void load_ss(uint16_t selector)
{
	__asm__ volatile("mov %0, %%ss" : : "r"(selector) : "memory");
}

/** Loads DS. @param selector a data segment selector (or 0) */
static inline void load_ds(uint16_t selector)
{
	__asm__ volatile("mov %0, %%ds" : : "r"(selector) : "memory");
}

/** Loads ES. @param selector a data segment selector (or 0) */
static inline void load_es(uint16_t selector)
{
	__asm__ volatile("mov %0, %%es" : : "r"(selector) : "memory");
}

/** @return the selector in the task register (TR), as `ltr` loaded it */
static inline uint16_t store_task_register(void)
{
	uint16_t selector;
	__asm__ volatile("str %0" : "=r"(selector));
	return selector;
}

/** Reads the interrupt descriptor table register. @param pointer receives limit and base */
static inline void sidt(struct descriptor_table_pointer *pointer)
{
	__asm__ volatile("sidt %0" : "=m"(*pointer));
}

/** Reads the global descriptor table register. @param pointer receives limit and base */
static inline void sgdt(struct descriptor_table_pointer *pointer)
{
	__asm__ volatile("sgdt %0" : "=m"(*pointer));
}

/**
 * Tells the CPU that this is a spin-wait loop (the pause instruction): it
 * saves power and lets a sibling hyperthread run while we wait for a lock.
 */
static inline void cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/**
 * Enables interrupts and halts, with no gap between the two: sti takes
 * effect only after the next instruction, so an interrupt that is already
 * pending wakes the hlt instead of slipping in before it. The way to sleep
 * "until something happens" after checking, with interrupts off, that
 * nothing has happened yet.
 */
static inline void sti_hlt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

#endif
