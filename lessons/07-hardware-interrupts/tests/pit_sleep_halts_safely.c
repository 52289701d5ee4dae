/*
 * Integration test kernel: pit_sleep() never halts with a tick able to slip
 * in between its check and its hlt (S11 of the 2026-11 code review).
 *
 * A sleep loop that checks the tick count and then halts with interrupts on
 * has a gap: a tick that arrives after the check and before the hlt is
 * handled at once, and the hlt then waits for the tick after it. The cure
 * is to check with interrupts off and to halt with sti_hlt(): sti takes
 * effect only after the next instruction, so "sti; hlt" leaves no gap.
 *
 * Catching a tick in that gap would be a matter of luck. Instead the CPU
 * single-steps pit_sleep(): with the trap flag (RFLAGS.TF) set, every
 * instruction ends in a debug exception (#DB, vector 1), whose handler sees
 * the next instruction. A hlt about to run with IF set is exposed: a tick
 * can arrive before it. A "sti; hlt" pair is safe, and the CPU does not
 * even stop between the two (sti's shadow holds back the trap as well).
 * Interrupt handlers are not stepped: the CPU clears TF on entry.
 */
#include <stddef.h>
#include <stdint.h>
#include "exception_table.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "pit.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "x86.h"

#define TEST_NAME "pit_sleep_halts_safely"

#define RFLAGS_TRAP    (1u << 8) /* TF: a #DB after each instruction */
#define OPCODE_HLT     0xf4
#define OPCODE_STI     0xfb
#define TICKS_TO_SLEEP 3

void kernel_main(uint32_t magic, uint64_t boot_info);

/* The start of the instruction stepped before the one about to run. */
static volatile uint64_t previous_rip;
/* The halts about to run: in sti's shadow, or with a gap before them in
 * which an interrupt can arrive after pit_sleep() checked the count. */
static volatile int safe_halts, exposed_halts;

/* Loads RFLAGS (popfq), e.g. to set or clear TF. */
static inline void write_rflags(uint64_t rflags)
{
	__asm__ volatile("pushq %0; popfq" : : "r"(rflags) : "memory", "cc");
}

/* The #DB handler: one call per stepped instruction; frame->rip is the next. */
static void step(struct interrupt_frame *frame)
{
	const uint8_t *next = (const uint8_t *)(uintptr_t)frame->rip;
	const uint8_t *last = (const uint8_t *)(uintptr_t)previous_rip;

	if (next[0] == OPCODE_STI && next[1] == OPCODE_HLT)
		safe_halts++;
	else if (next[0] == OPCODE_HLT && (frame->rflags & RFLAGS_INTERRUPT_ENABLE) &&
		 (last == NULL || last[0] != OPCODE_STI))
		exposed_halts++;
	previous_rip = frame->rip;
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	uint64_t rflags;

	(void)magic;
	(void)boot_info;
	kernel_init();
	idt_set_handler(EXCEPTION_DEBUG, step, 0);
	serial_printf("%s: pit_sleep(%d), stepped one instruction at a time\n", TEST_NAME,
		      TICKS_TO_SLEEP);

	rflags = read_rflags();
	write_rflags(rflags | RFLAGS_TRAP);
	pit_sleep(TICKS_TO_SLEEP);
	write_rflags(rflags);

	serial_printf("%s: %d hlt in sti's shadow, %d with a gap before it\n", TEST_NAME,
		      safe_halts, exposed_halts);
	if (safe_halts + exposed_halts == 0 || exposed_halts != 0) {
		serial_printf("%s ... [failed]\n", TEST_NAME);
		qemu_exit(QEMU_EXIT_FAILURE);
	}
	serial_printf("%s ... [ok]\n", TEST_NAME);
	qemu_exit(QEMU_EXIT_SUCCESS);
}
