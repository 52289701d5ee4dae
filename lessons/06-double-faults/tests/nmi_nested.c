/*
 * Integration test kernel: an NMI arrives while the NMI handler is still
 * running, after an exception inside it has returned.
 *
 * The CPU blocks further NMIs from the moment it delivers one until the
 * next iretq, whichever handler executes it. An int3 inside the NMI handler
 * returns with iretq, so from then on a second NMI is delivered at once, on
 * the same IST2 stack whose top still holds the first one's frame (S3 of
 * the 2026-12 code review). Lesson 06's NMI entry (nmi_entry.asm) must
 * notice and hold the second NMI back until the first has finished.
 *
 * The order is made certain by the host, not by timing: the first NMI's
 * handler waits at a host checkpoint (NMIs still blocked); the host injects
 * the second NMI, which stays pending, then types a key; the handler's
 * int3 returns, and the second NMI is due at once. Run on top of the first
 * it fails the test; held back, it runs after the first and the kernel
 * counts two NMIs handled one after the other.
 *
 * Lessons 07-08 run this same kernel: their tests/nmi_nested.c includes it.
 * Lesson 08's defines RETURNING_EXCEPTION() first, to take a demand-paged
 * page fault instead of the int3.
 */
#include <stdint.h>
#include "exception_table.h"
#include "host_checkpoint.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "tss.h"
#include "x86.h"

#ifndef RETURNING_EXCEPTION
/* An exception whose handler returns: the breakpoint is reported and resumed. */
#define RETURNING_EXCEPTION()	  int3()
#define RETURNING_EXCEPTION_NAME "int3"
#endif

void kernel_main(uint32_t magic, uint64_t boot_info);

/* The lesson's NMI handler: it still writes each NMI's report. */
static interrupt_handler lesson_handler;
/* How many runs of the handler have started and not yet ended. */
static volatile int depth;
/* How many NMIs the handler has finished. */
static volatile int handled;

static void nested_nmi_handler(struct interrupt_frame *frame)
{
	int number = handled + 1;

	if (++depth > 1) {
		serial_printf("nmi nested: FAIL: a second NMI runs inside the first one's "
			      "handler, on top of its frame\n");
		qemu_exit(QEMU_EXIT_FAILURE);
	}
	lesson_handler(frame);
	if (number == 1) {
		host_checkpoint("NMI 1 is being handled; send NMI 2, then a key");
		RETURNING_EXCEPTION(); /* returns with iretq: the CPU no longer blocks NMIs */
		serial_printf("nmi nested: NMI 1 is back from %s\n", RETURNING_EXCEPTION_NAME);
	}
	serial_printf("nmi nested: NMI %d done\n", number);
	handled = number;
	depth--;
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	lesson_handler = idt_handler(EXCEPTION_NMI);
	idt_set_handler(EXCEPTION_NMI, nested_nmi_handler, TSS_IST_NMI);
	serial_printf("nmi nested: waiting for 2 NMIs\n");
	while (handled < 2)
		cpu_relax();
	serial_printf("nmi nested: 2 NMIs handled, one after the other\n");
	qemu_exit(QEMU_EXIT_SUCCESS);
}
