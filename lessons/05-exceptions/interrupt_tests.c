/*
 * In-kernel tests of lesson 05: the IDT is loaded, the stubs build the
 * frame interrupt_dispatch() expects and give every register back, a
 * breakpoint resumes after the int3, a handler can change the interrupted
 * code's registers, and a vector without a handler raises #NP. Later
 * lessons list this file too and run these tests again.
 */
#include <stdint.h>
#include "backtrace.h"
#include "error_code.h"
#include "exception_table.h"
#include "exceptions.h"
#include "idt_gate.h"
#include "interrupts.h"
#include "kernel_layout.h"
#include "ktest.h"
#include "x86.h"

/* Vectors no lesson uses, for handlers installed only during a test. */
#define TEST_VECTOR 0x99
#define ABSENT_VECTOR 0x9a
/* "int imm8" is two bytes long: CD and the vector. */
#define INT_IMM8_LENGTH 2

extern const uint32_t interrupt_error_code_mask;	/* interrupt_stubs.asm */

//! [idt tests]
KTEST(idt_is_loaded_with_256_gates)
{
	struct descriptor_table_pointer idtr;

	sidt(&idtr);
	ASSERT_EQ(idtr.limit, IDT_VECTORS * sizeof(struct idt_gate) - 1);
	ASSERT(idtr.base != 0);
}

KTEST(every_exception_has_a_handler)
{
	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++)
		ASSERT(idt_handler(vector) != NULL);
	ASSERT(idt_handler(EXCEPTION_BREAKPOINT) == exception_breakpoint);
}

KTEST(stubs_and_table_agree_on_error_codes)
{
	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++)
		ASSERT_EQ((interrupt_error_code_mask >> vector) & 1,
			  exception_has_error_code(vector));
}
//! [idt tests]

//! [breakpoint tests]
KTEST(breakpoint_resumes)
{
	uint64_t before = interrupt_count(EXCEPTION_BREAKPOINT);

	int3();
	/* Reaching this line is the test; the count shows the handler ran. */
	ASSERT_EQ(interrupt_count(EXCEPTION_BREAKPOINT), before + 1);
}

static uint64_t seen_rip;

static void record_rip(struct interrupt_frame *frame)
{
	seen_rip = frame->rip;
}

extern const char after_int3[];

KTEST(breakpoint_frame_points_after_int3)
{
	idt_set_handler(EXCEPTION_BREAKPOINT, record_rip, 0);
	__asm__ volatile("int3\n"
			 ".global after_int3\n"
			 "after_int3:" ::: "memory");
	idt_set_handler(EXCEPTION_BREAKPOINT, exception_breakpoint, 0);
	/* int3 is a trap: the saved RIP is the next instruction's address. */
	ASSERT_EQ(seen_rip, (uintptr_t)after_int3);
}
//! [breakpoint tests]

//! [register test]
/* Where the asm below stores the registers after the interrupt; global so
 * the asm can name it. */
uint64_t interrupt_test_registers[15];

KTEST(interrupt_preserves_every_register)
{
	static const char *const names[15] = {
		"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
		"r9", "r10", "r11", "r12", "r13", "r14", "r15",
	};

	/* Each register gets a pattern, the breakpoint handler runs (with a
	 * whole report: plenty of C code that uses registers), and the asm
	 * stores what the registers hold afterwards. RBP is the frame pointer,
	 * so the asm saves and restores it itself. */
	__asm__ volatile("push %%rbp\n\t"
			 "movabs $0x0101010101010101, %%rax\n\t"
			 "movabs $0x0202020202020202, %%rbx\n\t"
			 "movabs $0x0303030303030303, %%rcx\n\t"
			 "movabs $0x0404040404040404, %%rdx\n\t"
			 "movabs $0x0505050505050505, %%rsi\n\t"
			 "movabs $0x0606060606060606, %%rdi\n\t"
			 "movabs $0x0707070707070707, %%rbp\n\t"
			 "movabs $0x0808080808080808, %%r8\n\t"
			 "movabs $0x0909090909090909, %%r9\n\t"
			 "movabs $0x0a0a0a0a0a0a0a0a, %%r10\n\t"
			 "movabs $0x0b0b0b0b0b0b0b0b, %%r11\n\t"
			 "movabs $0x0c0c0c0c0c0c0c0c, %%r12\n\t"
			 "movabs $0x0d0d0d0d0d0d0d0d, %%r13\n\t"
			 "movabs $0x0e0e0e0e0e0e0e0e, %%r14\n\t"
			 "movabs $0x0f0f0f0f0f0f0f0f, %%r15\n\t"
			 "int3\n\t"
			 "mov %%rax, interrupt_test_registers+0(%%rip)\n\t"
			 "mov %%rbx, interrupt_test_registers+8(%%rip)\n\t"
			 "mov %%rcx, interrupt_test_registers+16(%%rip)\n\t"
			 "mov %%rdx, interrupt_test_registers+24(%%rip)\n\t"
			 "mov %%rsi, interrupt_test_registers+32(%%rip)\n\t"
			 "mov %%rdi, interrupt_test_registers+40(%%rip)\n\t"
			 "mov %%rbp, interrupt_test_registers+48(%%rip)\n\t"
			 "mov %%r8, interrupt_test_registers+56(%%rip)\n\t"
			 "mov %%r9, interrupt_test_registers+64(%%rip)\n\t"
			 "mov %%r10, interrupt_test_registers+72(%%rip)\n\t"
			 "mov %%r11, interrupt_test_registers+80(%%rip)\n\t"
			 "mov %%r12, interrupt_test_registers+88(%%rip)\n\t"
			 "mov %%r13, interrupt_test_registers+96(%%rip)\n\t"
			 "mov %%r14, interrupt_test_registers+104(%%rip)\n\t"
			 "mov %%r15, interrupt_test_registers+112(%%rip)\n\t"
			 "pop %%rbp"
			 :
			 :
			 : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
			   "r12", "r13", "r14", "r15", "memory", "cc");
	for (int i = 0; i < 15; i++) {
		if (interrupt_test_registers[i] != 0x0101010101010101 * (uint64_t)(i + 1))
			ktest_fail(__FILE__, __LINE__, "%s changed across an interrupt: 0x%lx",
				   names[i], interrupt_test_registers[i]);
	}
}
//! [register test]

//! [frame test]
static struct interrupt_frame seen_frame;
static uintptr_t seen_frame_address;

/* Copies the frame, and answers: RAX + 1 goes back to the interrupted code. */
static void answer_plus_one(struct interrupt_frame *frame)
{
	seen_frame = *frame;
	seen_frame_address = (uintptr_t)frame;
	frame->rax += 1;
}

KTEST(handler_sees_the_frame_and_can_change_it)
{
	uint64_t rax = 41;
	uintptr_t stack_here = (uintptr_t)&rax;

	idt_set_handler(TEST_VECTOR, answer_plus_one, 0);
	__asm__ volatile("int %[vector]" : "+a"(rax) : [vector] "i"(TEST_VECTOR) : "memory");
	idt_set_handler(TEST_VECTOR, NULL, 0);

	ASSERT_EQ(rax, 42);	/* the handler's change came back */
	ASSERT_EQ(seen_frame.vector, TEST_VECTOR);
	ASSERT_EQ(seen_frame.error_code, 0);	/* the stub's stand-in */
	ASSERT_EQ(seen_frame.cs, read_cs());
	ASSERT_EQ(seen_frame.ss, read_ss());
	ASSERT(seen_frame.rflags & 0x2);	/* bit 1 of RFLAGS always reads 1 */
	/* The interrupted RSP is just below this function's locals, and the
	 * frame just below that, 16-byte aligned as the stub promises. */
	ASSERT(seen_frame.rsp <= stack_here && stack_here - seen_frame.rsp < 256);
	ASSERT(seen_frame_address < seen_frame.rsp);
	ASSERT_EQ(seen_frame_address % 16, 0);
}
//! [frame test]

//! [missing gate test]
static uint64_t np_error_code;

/* Stands in for the report-and-halt #NP handler: notes the error code and
 * skips the faulting "int imm8" (a fault: RIP points at it). */
static void skip_int(struct interrupt_frame *frame)
{
	np_error_code = frame->error_code;
	frame->rip += INT_IMM8_LENGTH;
}

KTEST(vector_without_handler_raises_np)
{
	struct selector_error e;

	ASSERT(idt_handler(ABSENT_VECTOR) == NULL);
	idt_set_handler(EXCEPTION_SEGMENT_NOT_PRESENT, skip_int, 0);
	__asm__ volatile("int %[vector]" : : [vector] "i"(ABSENT_VECTOR) : "memory");
	idt_set_handler(EXCEPTION_SEGMENT_NOT_PRESENT, exception_unhandled, 0);

	e = selector_error_decode(np_error_code);
	ASSERT_EQ(e.table, DESCRIPTOR_TABLE_IDT);
	ASSERT(!e.external);	/* a software int, not a device */
	/* The SDM puts the vector in the index field, as real CPUs do. QEMU's
	 * emulator (TCG, 7.2) puts twice the vector there for 64-bit gates:
	 * it counts the 16-byte gate as two 8-byte slots. Either way the
	 * error code names this vector. */
	ASSERT(e.index == ABSENT_VECTOR || e.index == 2 * ABSENT_VECTOR);
}
//! [missing gate test]

/* A corrupt RBP that points into the unmapped guard page below the boot
 * stack: the walk must stop there, not read it (and fault in the report). */
KTEST(backtrace_does_not_read_a_guard_page)
{
	uint64_t addresses[BACKTRACE_MAX];

	ASSERT_EQ(backtrace_walk((uintptr_t)boot_stack_guard + 64, addresses, BACKTRACE_MAX), 0);
	ASSERT_EQ(backtrace_walk((uintptr_t)boot_stack_guard - 8, addresses, BACKTRACE_MAX), 0);
}
