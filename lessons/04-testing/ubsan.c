/*
 * The handlers that code built with -fsanitize=undefined calls (see
 * ubsan.h). The compiler passes a pointer to a static description of the
 * check (source location, the types involved) and the values, each in a
 * pointer-sized argument: integers of up to 64 bits are passed as they
 * are, which is all this kernel uses. The layouts are those of the
 * sanitizer runtime that gcc and clang share (libubsan, compiler-rt).
 *
 * This file is compiled without the sanitizer: a check inside a handler
 * would call the handler again.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include "console.h"
#include "console_report.h"
#include "format.h"
#include "ktest.h"
#include "panic.h"
#include "serial.h"
#include "serial_print.h"
#include "ubsan.h"

struct source_location {
	const char *file;
	uint32_t line;
	uint32_t column;
};

/* kind 0 is an integer; then info bit 0 says signed, info >> 1 is log2 of the width. */
struct type_descriptor {
	uint16_t kind;
	uint16_t info;
	char name[];
};

struct overflow_data {
	struct source_location location;
	const struct type_descriptor *type;
};

struct shift_out_of_bounds_data {
	struct source_location location;
	const struct type_descriptor *lhs_type;
	const struct type_descriptor *rhs_type;
};

struct out_of_bounds_data {
	struct source_location location;
	const struct type_descriptor *array_type;
	const struct type_descriptor *index_type;
};

struct type_mismatch_data {
	struct source_location location;
	const struct type_descriptor *type;
	uint8_t log_alignment;
	uint8_t type_check_kind;
};

struct location_only_data {
	struct source_location location;
};

struct invalid_value_data {
	struct source_location location;
	const struct type_descriptor *type;
};

struct nonnull_arg_data {
	struct source_location location;
	struct source_location attribute_location;
	int argument_index;
};

#define TYPE_KIND_INTEGER 0
#define VALUE_TEXT_SIZE	  32

static unsigned reports;
static bool reports_expected;
/*
 * Set while report() runs. What a report calls (the formatter, the serial
 * port, the console, a panic hook) is built with the sanitizer too, so
 * undefined behaviour inside it would call report() again, which would meet
 * it again, until the stack overflows. Like Linux's current->in_ubsan, the
 * flag turns such a report into a count: nothing more is called.
 */
static volatile bool in_report;
static unsigned reports_inside_a_report;

void ubsan_expect_reports(bool expected)
{
	reports_expected = expected;
}

unsigned ubsan_report_count(void)
{
	return reports;
}

/* The width in bits of an integer type. */
static unsigned type_bits(const struct type_descriptor *type)
{
	return 1u << (type->info >> 1);
}

/* An integer value as text, signed or not as its type says. */
static const char *value_text(char *buffer, const struct type_descriptor *type, uintptr_t value)
{
	if (type->kind == TYPE_KIND_INTEGER && (type->info & 1)) {
		unsigned bits = type_bits(type);
		int64_t v = (int64_t)value;

		if (bits < 64) /* sign-extend from the type's width */
			v = (int64_t)(value << (64 - bits)) >> (64 - bits);
		format_string(buffer, VALUE_TEXT_SIZE, "%lld", (long long)v);
	} else {
		format_string(buffer, VALUE_TEXT_SIZE, "%llu", (unsigned long long)value);
	}
	return buffer;
}

/*
 * One report: "UBSAN: <what> at <file>:<line>:<column>", serial first and
 * then the screen, without waiting for the console lock (the undefined
 * behaviour may be inside kprintf). Then the running test fails; outside a
 * test, the kernel panics unless the reports were expected.
 */
static void report(const struct source_location *where, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report(const struct source_location *where, const char *fmt, ...)
{
	char what[160];
	char line[256];
	struct console_report screen;
	va_list args;
	int length;

	if (in_report) {
		reports++;
		reports_inside_a_report++;
		return;
	}
	in_report = true;
	va_start(args, fmt);
	format_string_va(what, sizeof(what), fmt, args);
	va_end(args);
	length = format_string(line, sizeof(line), "UBSAN: %s at %s:%u:%u\n", what, where->file,
			       where->line, where->column);
	if (length >= (int)sizeof(line))
		length = sizeof(line) - 1;
	reports++;
	if (!serial_at_line_start())
		serial_write_char('\n');
	serial_write(line, (size_t)length);
	console_report_begin(&screen, VGA_LIGHT_RED, VGA_BLACK);
	console_report_write(&screen, line, (size_t)length);
	console_report_end(&screen);
	if (ktest_running())
		ktest_fail(where->file, (int)where->line, "undefined behaviour: %s", what);
	else if (!reports_expected)
		panic("undefined behaviour outside a test (reported above)");
	if (reports_inside_a_report > 0) {
		/* Said once the report is over; its code may be what misbehaves. */
		unsigned dropped = reports_inside_a_report;

		reports_inside_a_report = 0;
		serial_printf("UBSAN: %u more inside this report's own code, not reported\n",
			      dropped);
	}
	in_report = false;
}

static void overflow(const struct overflow_data *data, uintptr_t lhs, uintptr_t rhs, char op)
{
	char a[VALUE_TEXT_SIZE], b[VALUE_TEXT_SIZE];

	report(&data->location, "signed integer overflow: %s %c %s in type %s",
	       value_text(a, data->type, lhs), op, value_text(b, data->type, rhs), data->type->name);
}

void __ubsan_handle_add_overflow(const struct overflow_data *data, uintptr_t lhs, uintptr_t rhs)
{
	overflow(data, lhs, rhs, '+');
}

void __ubsan_handle_sub_overflow(const struct overflow_data *data, uintptr_t lhs, uintptr_t rhs)
{
	overflow(data, lhs, rhs, '-');
}

void __ubsan_handle_mul_overflow(const struct overflow_data *data, uintptr_t lhs, uintptr_t rhs)
{
	overflow(data, lhs, rhs, '*');
}

void __ubsan_handle_negate_overflow(const struct overflow_data *data, uintptr_t old)
{
	char a[VALUE_TEXT_SIZE];

	report(&data->location, "negation of %s cannot be represented in type %s",
	       value_text(a, data->type, old), data->type->name);
}

void __ubsan_handle_divrem_overflow(const struct overflow_data *data, uintptr_t lhs, uintptr_t rhs)
{
	char a[VALUE_TEXT_SIZE], b[VALUE_TEXT_SIZE];

	report(&data->location, "division overflow or by zero: %s / %s in type %s",
	       value_text(a, data->type, lhs), value_text(b, data->type, rhs), data->type->name);
}

void __ubsan_handle_shift_out_of_bounds(const struct shift_out_of_bounds_data *data, uintptr_t lhs,
					uintptr_t rhs)
{
	char a[VALUE_TEXT_SIZE], b[VALUE_TEXT_SIZE];
	const char *count = value_text(b, data->rhs_type, rhs);

	if (count[0] == '-')
		report(&data->location, "shift by a negative count, %s", count);
	else if (rhs >= type_bits(data->lhs_type))
		report(&data->location, "shift by %s, too far for the %u-bit type %s", count,
		       type_bits(data->lhs_type), data->lhs_type->name);
	else
		report(&data->location, "left shift of %s by %s does not fit in type %s",
		       value_text(a, data->lhs_type, lhs), count, data->lhs_type->name);
}

void __ubsan_handle_out_of_bounds(const struct out_of_bounds_data *data, uintptr_t index)
{
	char a[VALUE_TEXT_SIZE];

	report(&data->location, "index %s out of bounds for type %s",
	       value_text(a, data->index_type, index), data->array_type->name);
}

void __ubsan_handle_type_mismatch_v1(const struct type_mismatch_data *data, uintptr_t pointer)
{
	uintptr_t alignment = (uintptr_t)1 << data->log_alignment;

	if (pointer == 0)
		report(&data->location, "null pointer use, type %s", data->type->name);
	else if (pointer & (alignment - 1))
		report(&data->location, "misaligned access: address 0x%lx, type %s needs %lu-byte alignment",
		       (unsigned long)pointer, data->type->name, (unsigned long)alignment);
	else
		report(&data->location, "access to 0x%lx past the end of its object, type %s",
		       (unsigned long)pointer, data->type->name);
}

void __ubsan_handle_pointer_overflow(const struct location_only_data *data, uintptr_t base,
				     uintptr_t result)
{
	report(&data->location, "pointer arithmetic overflow: 0x%lx became 0x%lx",
	       (unsigned long)base, (unsigned long)result);
}

void __ubsan_handle_load_invalid_value(const struct invalid_value_data *data, uintptr_t value)
{
	char a[VALUE_TEXT_SIZE];

	report(&data->location, "load of value %s, not valid for type %s",
	       value_text(a, data->type, value), data->type->name);
}

void __ubsan_handle_vla_bound_not_positive(const struct invalid_value_data *data, uintptr_t bound)
{
	char a[VALUE_TEXT_SIZE];

	report(&data->location, "variable-length array bound %s is not positive",
	       value_text(a, data->type, bound));
}

void __ubsan_handle_builtin_unreachable(const struct location_only_data *data)
{
	report(&data->location, "__builtin_unreachable() reached");
	panic("undefined behaviour: execution reached unreachable code");
}

void __ubsan_handle_invalid_builtin(const struct location_only_data *data)
{
	report(&data->location, "__builtin_clz or __builtin_ctz of 0");
}

void __ubsan_handle_nonnull_arg(const struct nonnull_arg_data *data)
{
	report(&data->location, "NULL passed as argument %d, declared never NULL",
	       data->argument_index);
}

void __ubsan_handle_nonnull_return_v1(const struct location_only_data *data,
				      const struct source_location *where)
{
	(void)data;
	report(where, "NULL returned from a function declared never to return NULL");
}
