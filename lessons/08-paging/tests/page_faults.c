/*
 * Integration test: four accesses that the page tables forbid, each caught
 * by this test's own page-fault handler with the right CR2 and error code.
 *
 *   executing from the stack   the stack is no-execute: instruction fetch
 *   writing to kernel text     .text is read-only (CR0.WP): write violation
 *   executing from .data       .data is no-execute: instruction fetch
 *   reading address 0          page 0 is not present: read, not present
 *
 * Finally the lesson's own handler (page_fault.c) is put back and an
 * unmapped address is written: its report, with the walk of CR2, must
 * appear on serial before the kernel stops (exception_halt() calls this
 * test's hook, which exits QEMU).
 *
 * A page fault is a fault: returning would retry the access and fault
 * again. So the handler checks the fault and then resumes the test at its
 * next step, on a fresh stack: it changes the saved RIP, RSP and RDI in the
 * frame, and iretq "returns" into run_steps(next). Nothing here may
 * double- or triple-fault: a wrong fault ends the test with failure, a
 * missing one too.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include "error_code.h"
#include "exception_table.h"
#include "exceptions.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "page_fault.h"
#include "page_tables.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "x86.h"

#define RET_INSTRUCTION	  0xc3
#define UNMAPPED_ADDRESS  0xdeadbeef000ull /* level-4 index 27: nothing there */
#define RESUME_STACK_SIZE 16384

void kernel_main(uint32_t magic, uint64_t boot_info);

/* What the running step expects; set by the step just before its access. */
struct expectation {
	const char *name;
	uint64_t address; /* CR2 */
	uint64_t error_code;
};

static volatile struct expectation expected;
static uint8_t resume_stack[RESUME_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t data_code[16] = {RET_INSTRUCTION}; /* in .data: no-execute */
static volatile uintptr_t zero;			  /* 0, hidden from the optimiser */

static void expect(const char *name, uint64_t address, uint64_t error_code)
{
	expected.name = name;
	expected.address = address;
	expected.error_code = error_code;
}

//! [steps]
static void execute_from_stack(void)
{
	volatile uint8_t code[16] = {RET_INSTRUCTION};
	void (*function)(void) = (void (*)(void))(uintptr_t)code;

	expect("execute from the stack", (uintptr_t)code,
	       PAGE_FAULT_PRESENT | PAGE_FAULT_INSTRUCTION_FETCH);
	function();
}

static void write_kernel_text(void)
{
	volatile uint8_t *text = (volatile uint8_t *)(uintptr_t)&translate;

	expect("write to kernel text", (uintptr_t)text, PAGE_FAULT_PRESENT | PAGE_FAULT_WRITE);
	*text = RET_INSTRUCTION;
}

static void execute_from_data(void)
{
	void (*function)(void) = (void (*)(void))(uintptr_t)data_code;

	expect("execute from .data", (uintptr_t)data_code,
	       PAGE_FAULT_PRESENT | PAGE_FAULT_INSTRUCTION_FETCH);
	function();
}

static void read_address_zero(void)
{
	volatile uint8_t *null = (volatile uint8_t *)zero;

	expect("read address 0", 0, 0); /* not present, read, kernel mode */
	(void)*null;
}
//! [steps]

static void (*const steps[])(void) = {
    execute_from_stack,
    write_kernel_text,
    execute_from_data,
    read_address_zero,
};
#define STEP_COUNT (sizeof(steps) / sizeof(steps[0]))

/* Called by exception_halt() after the lesson's handler has reported. */
static void lesson_handler_reported(const struct interrupt_frame *frame)
{
	bool ok = read_cr2() == UNMAPPED_ADDRESS && frame->error_code == PAGE_FAULT_WRITE;

	serial_printf("the lesson's page-fault handler reported 0x%llx: %s\n",
		      (unsigned long long)read_cr2(), ok ? "ok" : "wrong [failed]");
	qemu_exit(ok ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}

static noreturn void run_steps(uint64_t first)
{
	for (uint64_t i = first; i < STEP_COUNT; i++) {
		steps[i]();
		serial_printf("%s: no page fault [failed]\n", expected.name);
		qemu_exit(QEMU_EXIT_FAILURE);
	}
	serial_printf("page faults: all %u caught\n", (unsigned)STEP_COUNT);

	page_fault_init();
	exception_set_fatal_hook(lesson_handler_reported);
	*(volatile uint64_t *)(uintptr_t)UNMAPPED_ADDRESS = 1;
	serial_printf("write to 0x%llx: no page fault [failed]\n", UNMAPPED_ADDRESS);
	qemu_exit(QEMU_EXIT_FAILURE);
}

static volatile uint64_t current_step;

//! [handler]
static void test_page_fault_handler(struct interrupt_frame *frame)
{
	uint64_t address = read_cr2();
	bool ok = address == expected.address && frame->error_code == expected.error_code;

	serial_printf("%s: #PF at 0x%llx, error code 0x%llx (expected 0x%llx, 0x%llx): %s\n",
		      expected.name, (unsigned long long)address,
		      (unsigned long long)frame->error_code, (unsigned long long)expected.address,
		      (unsigned long long)expected.error_code, ok ? "ok" : "wrong [failed]");
	if (!ok)
		qemu_exit(QEMU_EXIT_FAILURE);

	/* Resume at run_steps(next step) on a fresh stack. At a function's
	 * entry RSP + 8 is 16-byte aligned, as if a call had pushed a return
	 * address; the first argument goes in RDI. */
	current_step++;
	frame->rip = (uint64_t)(uintptr_t)run_steps;
	frame->rsp = (uint64_t)(uintptr_t)(resume_stack + RESUME_STACK_SIZE) - 8;
	frame->rdi = current_step;
}
//! [handler]

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	idt_set_handler(EXCEPTION_PAGE_FAULT, test_page_fault_handler, 0);
	run_steps(0);
}
