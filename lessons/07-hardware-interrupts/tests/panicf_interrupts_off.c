/*
 * Integration test kernel: panicf() turns interrupts off before it formats
 * its message (S13 of the 2026-12 code review).
 *
 * Every panicf() formats into one static buffer. If interrupts were still on
 * while it formats, a timer or keyboard handler that panics as well could
 * write its message over the half-formatted one. Waiting for an interrupt to
 * land in that window of a few instructions would be a race that a loaded
 * host decides. Instead the CPU stops at the window's first instruction on
 * purpose: debug register DR0 holds the address of format_string_va(), and
 * DR7 makes executing it raise a debug exception (#DB, vector 1), which
 * interrupts whatever the IF flag says. The #DB handler reads the IF bit of
 * the interrupted code's saved RFLAGS: set means a maskable interrupt could
 * have arrived right there, in the middle of the panic.
 *
 * The verdict comes from the panic hook, after panicf() has done its work:
 * it passes only if the breakpoint was reached once and found IF clear.
 */
#include <stdint.h>
#include "console.h"
#include "exception_table.h"
#include "format.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "panic.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "x86.h"

#define TEST_NAME "panicf_formats_with_interrupts_off"

/* DR7.L0 (bit 0) enables breakpoint 0; R/W0 = 00 and LEN0 = 00 (bits 16-19)
 * make it an instruction breakpoint. Bit 10 is reserved and reads as 1. */
#define DR7_RESERVED_ONE       (1u << 10)
#define DR7_BREAK_0_ON_EXECUTE (1u << 0)

void kernel_main(uint32_t magic, uint64_t boot_info);

/* How many times the breakpoint on format_string_va() was reached. */
static volatile int stops;
/* The IF bit of the code the breakpoint interrupted, at the first stop. */
static volatile uint64_t interrupts_were_on;

/* Loads DR0, the linear address of breakpoint 0. */
static inline void write_dr0(uint64_t address)
{
	__asm__ volatile("mov %0, %%dr0" : : "r"(address) : "memory");
}

/* Loads DR7, the debug control register that arms the breakpoints. */
static inline void write_dr7(uint64_t value)
{
	__asm__ volatile("mov %0, %%dr7" : : "r"(value) : "memory");
}

/*
 * The #DB handler. An instruction breakpoint is a fault: iretq would run
 * the same instruction and stop again, so the breakpoint goes off first.
 */
static void breakpoint_at_format(struct interrupt_frame *frame)
{
	write_dr7(DR7_RESERVED_ONE);
	if (stops++ == 0)
		interrupts_were_on = frame->rflags & RFLAGS_INTERRUPT_ENABLE;
}

/* The panic hook: panicf() has formatted and sent its message; judge. */
static void judge(const char *message)
{
	(void)message;
	if (stops != 1) {
		serial_printf("%s: the breakpoint on format_string_va() was reached %d times, "
			      "not once\n",
			      TEST_NAME, stops);
	} else if (interrupts_were_on) {
		serial_printf("%s: interrupts were on when panicf() began to format into "
			      "its static buffer\n",
			      TEST_NAME);
	} else {
		serial_printf("%s ... [ok]\n", TEST_NAME);
		qemu_exit(QEMU_EXIT_SUCCESS);
	}
	serial_printf("%s ... [failed]\n", TEST_NAME);
	qemu_exit(QEMU_EXIT_FAILURE);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	if (!(read_rflags() & RFLAGS_INTERRUPT_ENABLE)) {
		/* With IF clear already, the test could not tell the fix from its absence. */
		serial_printf("%s: interrupts are off before panicf() ... [failed]\n", TEST_NAME);
		qemu_exit(QEMU_EXIT_FAILURE);
	}
	idt_set_handler(EXCEPTION_DEBUG, breakpoint_at_format, 0);
	panic_set_hook(judge);
	serial_printf("%s: panicf with a breakpoint on format_string_va\n", TEST_NAME);

	/* From here on, only panicf() may call format_string_va(). */
	write_dr0((uint64_t)(uintptr_t)format_string_va);
	write_dr7(DR7_RESERVED_ONE | DR7_BREAK_0_ON_EXECUTE);
	panicf("%s: the message, formatted", TEST_NAME);
}
