/*
 * Host tests of the exception report's text (lessons/05-exceptions/
 * report_format.c): the exact lines for a null-pointer page fault, the
 * decoded error codes of #GP, #NP and #PF, CR2 only where it means
 * something, and no line wider than the 80-column screen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "report_format.h"

/* A sink that collects the report in a buffer. */
struct text {
	char bytes[4096];
	size_t length;
};

static void collect(void *context, const char *text, size_t length)
{
	struct text *t = context;

	assert_true(t->length + length < sizeof(t->bytes));
	memcpy(t->bytes + t->length, text, length);
	t->length += length;
	t->bytes[t->length] = '\0';
}

static struct interrupt_frame sample_frame(uint64_t vector, uint64_t error_code)
{
	struct interrupt_frame f = {
		.r15 = 15, .r14 = 14, .r13 = 13, .r12 = 12, .r11 = 11, .r10 = 10, .r9 = 9,
		.r8 = 8, .rbp = 0x10bff0, .rdi = 0xd1, .rsi = 0x51, .rdx = 0xd, .rcx = 0xc,
		.rbx = 0xb, .rax = 0xa, .vector = vector, .error_code = error_code,
		.rip = 0x102345, .cs = 0x08, .rflags = 0x10046, .rsp = 0x10bfd8, .ss = 0x10,
	};
	return f;
}

static const char *report(uint64_t vector, uint64_t error_code, uint64_t cr2)
{
	static struct text t;
	struct interrupt_frame f = sample_frame(vector, error_code);

	t.length = 0;
	t.bytes[0] = '\0';
	exception_format_report(&f, cr2, collect, &t);
	return t.bytes;
}

static void null_read_page_fault(void **state)
{
	(void)state;
	assert_string_equal(report(14, 0, 0),
		"EXCEPTION 14 #PF Page Fault\n"
		"error code 0x0\n"
		"  page not present, read, kernel mode\n"
		"CR2 0x0000000000000000 (the address that faulted)\n"
		"RIP 0x0000000000102345  CS 0x0008  RFLAGS 0x0000000000010046\n"
		"RSP 0x000000000010bfd8  SS 0x0010\n"
		"RAX 0x000000000000000a  RBX 0x000000000000000b  RCX 0x000000000000000c\n"
		"RDX 0x000000000000000d  RSI 0x0000000000000051  RDI 0x00000000000000d1\n"
		"RBP 0x000000000010bff0  R8  0x0000000000000008  R9  0x0000000000000009\n"
		"R10 0x000000000000000a  R11 0x000000000000000b  R12 0x000000000000000c\n"
		"R13 0x000000000000000d  R14 0x000000000000000e  R15 0x000000000000000f\n");
}

static void page_fault_words(void **state)
{
	(void)state;
	assert_non_null(strstr(report(14, 0x3, 0x1000),
		"error code 0x3\n"
		"  protection violation, write, kernel mode\n"
		"CR2 0x0000000000001000 (the address that faulted)\n"));
	assert_non_null(strstr(report(14, 0x1d, 0), "error code 0x1d\n  protection violation, "
		"read, user mode, reserved bit set, instruction fetch\n"));
}

static void selector_error_words(void **state)
{
	(void)state;
	assert_non_null(strstr(report(13, 0, 0), "EXCEPTION 13 #GP General Protection\n"
						  "error code 0x0\n  no selector involved\n"));
	assert_non_null(strstr(report(13, 0x50, 0), "error code 0x50\n  GDT entry 10\n"));
	assert_non_null(strstr(report(11, 14 * 8 + 2, 0),
			       "EXCEPTION 11 #NP Segment Not Present\n"
			       "error code 0x72\n  IDT entry 14\n"));
	assert_non_null(strstr(report(11, 14 * 8 + 3, 0), "IDT entry 14, external event\n"));
	assert_non_null(strstr(report(10, 0x1c, 0), "#TS Invalid TSS\nerror code 0x1c\n  LDT entry 3\n"));
	assert_non_null(strstr(report(12, 0, 0), "#SS Stack-Segment Fault\nerror code 0x0\n  no selector"));
}

static void no_error_code_line_without_one(void **state)
{
	(void)state;
	assert_non_null(strstr(report(3, 0, 0), "EXCEPTION 3 #BP Breakpoint\nRIP 0x"));
	assert_null(strstr(report(0, 0, 0x1234), "error code"));
	assert_null(strstr(report(6, 0, 0x1234), "CR2"));
	assert_non_null(strstr(report(6, 0, 0), "EXCEPTION 6 #UD Invalid Opcode\n"));
	assert_non_null(strstr(report(0, 0, 0), "EXCEPTION 0 #DE Divide Error\n"));
}

static void double_fault_shows_cr2(void **state)
{
	(void)state;
	assert_non_null(strstr(report(8, 0, 0x104ff8), "EXCEPTION 8 #DF Double Fault\n"
		"error code 0x0\n"
		"CR2 0x0000000000104ff8 (address of the last page fault)\n"));
}

static void interrupts_above_31(void **state)
{
	(void)state;
	assert_non_null(strstr(report(200, 0, 0), "INTERRUPT 200\nRIP 0x"));
	assert_null(strstr(report(200, 0, 0), "error code"));
}

static void fits_the_screen(void **state)
{
	(void)state;
	for (uint64_t vector = 0; vector < 256; vector++) {
		struct interrupt_frame f;
		static struct text t;
		const char *line;

		memset(&f, 0xff, sizeof(f));	/* the widest numbers */
		f.vector = vector;
		t.length = 0;
		exception_format_report(&f, UINT64_MAX, collect, &t);
		assert_true(t.length > 0 && t.bytes[t.length - 1] == '\n');
		for (line = t.bytes; *line; line = strchr(line, '\n') + 1)
			assert_in_range(strchr(line, '\n') - line, 1, 80);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(null_read_page_fault),
		cmocka_unit_test(page_fault_words),
		cmocka_unit_test(selector_error_words),
		cmocka_unit_test(no_error_code_line_without_one),
		cmocka_unit_test(double_fault_shows_cr2),
		cmocka_unit_test(interrupts_above_31),
		cmocka_unit_test(fits_the_screen),
	};
	return cmocka_run_group_tests_name("report_format", tests, NULL, NULL);
}
