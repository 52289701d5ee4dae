/*
 * Formatting an exception report. Everything the report says comes from the
 * frame the entry stub built, plus CR2; the words for the error code come
 * from error_code.c and the names from exception_table.c.
 */
#include "error_code.h"
#include "exception_table.h"
#include "report_format.h"

/* CS and SS take a 64-bit slot each in the frame; a selector is 16 bits. */
#define SELECTOR_MASK 0xffff

//! [describe error code]
/* The error code in words, on a line of its own below the number. */
static void describe_error_code(format_sink sink, void *context, uint64_t vector, uint64_t code)
{
	if (vector == EXCEPTION_PAGE_FAULT) {
		struct page_fault_error e = page_fault_error_decode(code);

		format_to(sink, context, "  %s, %s, %s%s%s\n",
			  e.present ? "protection violation" : "page not present",
			  e.write ? "write" : "read", e.user ? "user mode" : "kernel mode",
			  e.reserved_bit ? ", reserved bit set" : "",
			  e.instruction_fetch ? ", instruction fetch" : "");
	} else if (is_selector_error_vector(vector)) {
		struct selector_error e = selector_error_decode(code);

		if (code == 0)
			format_to(sink, context, "  no selector involved\n");
		else
			format_to(sink, context, "  %s entry %u%s\n",
				  descriptor_table_name(e.table), e.index,
				  e.external ? ", external event" : "");
	}
}
//! [describe error code]

//! [report]
void exception_format_report(const struct interrupt_frame *frame, uint64_t cr2,
			     format_sink sink, void *context)
{
	const struct interrupt_frame *f = frame;
	const struct exception_info *info = exception_info(f->vector);

	/* uint64_t is unsigned long on x86_64 (LP64), hence %lu and %lx. */
	if (info)
		format_to(sink, context, "EXCEPTION %lu %s %s\n", f->vector, info->mnemonic,
			  info->name);
	else
		format_to(sink, context, "INTERRUPT %lu\n", f->vector);
	if (exception_has_error_code(f->vector)) {
		format_to(sink, context, "error code 0x%lx\n", f->error_code);
		describe_error_code(sink, context, f->vector, f->error_code);
	}
	if (f->vector == EXCEPTION_PAGE_FAULT)
		format_to(sink, context, "CR2 0x%016lx (the address that faulted)\n", cr2);
	else if (f->vector == EXCEPTION_DOUBLE_FAULT)
		format_to(sink, context, "CR2 0x%016lx (address of the last page fault)\n", cr2);

	format_to(sink, context, "RIP 0x%016lx  CS 0x%04lx  RFLAGS 0x%016lx\n", f->rip,
		  f->cs & SELECTOR_MASK, f->rflags);
	format_to(sink, context, "RSP 0x%016lx  SS 0x%04lx\n", f->rsp, f->ss & SELECTOR_MASK);
	format_to(sink, context, "RAX 0x%016lx  RBX 0x%016lx  RCX 0x%016lx\n", f->rax, f->rbx,
		  f->rcx);
	format_to(sink, context, "RDX 0x%016lx  RSI 0x%016lx  RDI 0x%016lx\n", f->rdx, f->rsi,
		  f->rdi);
	format_to(sink, context, "RBP 0x%016lx  R8  0x%016lx  R9  0x%016lx\n", f->rbp, f->r8,
		  f->r9);
	format_to(sink, context, "R10 0x%016lx  R11 0x%016lx  R12 0x%016lx\n", f->r10, f->r11,
		  f->r12);
	format_to(sink, context, "R13 0x%016lx  R14 0x%016lx  R15 0x%016lx\n", f->r13, f->r14,
		  f->r15);
}
//! [report]
