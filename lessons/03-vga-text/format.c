/*
 * The formatter behind kprintf, serial_printf and format_string.
 *
 * It walks the format string once. Plain text is handed to the sink as it
 * is; each conversion is parsed into a struct conversion (flags, width,
 * length, letter), its argument is fetched with exactly the type the letter
 * and length promise, turned into text, and padded to the field width.
 *
 * No hardware, no global state: the host tests (tests/host/test_format.c)
 * run this very file.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "format.h"
#include "number.h"

_Static_assert(sizeof(ptrdiff_t) == sizeof(size_t), "%zd reads the signed twin of size_t");

/* gcc's <limits.h> needs the C library's; the compiler predefines the value. */
#define INT_MAX __INT_MAX__
#define PAD_CHUNK 16	/* padding is handed to the sink this many bytes at a time */

/* The integer type an argument was passed as: int, long, long long, size_t. */
enum length {
	LENGTH_DEFAULT,
	LENGTH_LONG,		/* l */
	LENGTH_LONG_LONG,	/* ll */
	LENGTH_SIZE,		/* z */
};

//! [conversion]
/* One parsed conversion, e.g. "%-08lx": left, zero, width 8, long, 'x'. */
struct conversion {
	bool left;		/* '-': pad on the right */
	bool zero;		/* '0': pad numbers with zeros after the sign or 0x */
	size_t width;		/* minimum field width, 0 for none */
	enum length length;
	char letter;		/* c s d i u x X p %, or anything else: unknown */
};
//! [conversion]

/* Where the output goes, and how much went there. */
struct output {
	format_sink sink;
	void *context;
	int count;
};

static void emit(struct output *out, const char *text, size_t length)
{
	if (length == 0)
		return;
	out->sink(out->context, text, length);
	if (length > (size_t)(INT_MAX - out->count))
		out->count = INT_MAX;	/* the return value is an int: saturate */
	else
		out->count += (int)length;
}

static void emit_repeated(struct output *out, char c, size_t count)
{
	char chunk[PAD_CHUNK];

	memset(chunk, c, sizeof(chunk));
	while (count > 0) {
		size_t n = count < sizeof(chunk) ? count : sizeof(chunk);

		emit(out, chunk, n);
		count -= n;
	}
}

//! [field]
/*
 * Writes prefix + body padded to the field width. Spaces go before the field
 * (or after it, with '-'); zeros, for numbers, go between prefix and digits,
 * so that -5 in "%05d" becomes "-0005" and not "000-5".
 */
static void emit_field(struct output *out, const struct conversion *conv, const char *prefix,
		       const char *body, size_t body_length, bool numeric)
{
	size_t length = strlen(prefix) + body_length;
	size_t pad = conv->width > length ? conv->width - length : 0;
	bool zeros = numeric && conv->zero && !conv->left;

	if (!conv->left && !zeros)
		emit_repeated(out, ' ', pad);
	emit(out, prefix, strlen(prefix));
	if (zeros)
		emit_repeated(out, '0', pad);
	emit(out, body, body_length);
	if (conv->left)
		emit_repeated(out, ' ', pad);
}
//! [field]

//! [integers]
/*
 * Fetches an integer argument of the type that the length modifier names.
 * The value comes back widened to 64 bits: sign-extended for d and i,
 * zero-extended otherwise, so that "%u" of -1 is 4294967295.
 */
static int64_t signed_argument(va_list *args, enum length length)
{
	switch (length) {
	case LENGTH_LONG:
		return va_arg(*args, long);
	case LENGTH_LONG_LONG:
		return va_arg(*args, long long);
	case LENGTH_SIZE:
		return va_arg(*args, ptrdiff_t);
	default:
		return va_arg(*args, int);
	}
}

static uint64_t unsigned_argument(va_list *args, enum length length)
{
	switch (length) {
	case LENGTH_LONG:
		return va_arg(*args, unsigned long);
	case LENGTH_LONG_LONG:
		return va_arg(*args, unsigned long long);
	case LENGTH_SIZE:
		return va_arg(*args, size_t);
	default:
		return va_arg(*args, unsigned int);
	}
}

static void emit_integer(struct output *out, const struct conversion *conv, va_list *args)
{
	char digits[NUMBER_BUFFER_SIZE];
	const char *prefix = "";
	uint64_t magnitude;
	size_t n;

	if (conv->letter == 'd' || conv->letter == 'i') {
		int64_t value = signed_argument(args, conv->length);

		/* 0 - (uint64_t)value is |value| even for INT64_MIN, whose
		   negation does not fit in an int64_t. */
		magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
		if (value < 0)
			prefix = "-";
	} else {
		magnitude = unsigned_argument(args, conv->length);
	}
	n = u64_to_string(magnitude, conv->letter == 'x' || conv->letter == 'X' ? 16 : 10,
			  conv->letter == 'X', digits);
	emit_field(out, conv, prefix, digits, n, true);
}
//! [integers]

//! [parse]
/*
 * Parses the conversion that starts after a '%'. Returns a pointer to its
 * letter (which may be the terminating NUL of a format that ends early).
 */
static const char *parse_conversion(const char *p, struct conversion *conv)
{
	*conv = (struct conversion){ .length = LENGTH_DEFAULT };
	for (;; p++) {
		if (*p == '-')
			conv->left = true;
		else if (*p == '0')
			conv->zero = true;
		else
			break;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		conv->width = conv->width * 10 + (size_t)(*p - '0');
		if (conv->width > FORMAT_MAX_WIDTH)
			conv->width = FORMAT_MAX_WIDTH;
	}
	if (p[0] == 'l' && p[1] == 'l') {
		conv->length = LENGTH_LONG_LONG;
		p += 2;
	} else if (*p == 'l') {
		conv->length = LENGTH_LONG;
		p++;
	} else if (*p == 'z') {
		conv->length = LENGTH_SIZE;
		p++;
	}
	conv->letter = *p;
	return p;
}
//! [parse]

static void emit_string(struct output *out, const struct conversion *conv, va_list *args)
{
	const char *s = va_arg(*args, const char *);

	if (s == NULL)
		s = "(null)";
	emit_field(out, conv, "", s, strlen(s), false);
}

static void emit_char(struct output *out, const struct conversion *conv, va_list *args)
{
	char c = (char)va_arg(*args, int);	/* a char arrives promoted to int */

	emit_field(out, conv, "", &c, 1, false);
}

static void emit_pointer(struct output *out, const struct conversion *conv, va_list *args)
{
	char digits[NUMBER_BUFFER_SIZE];
	size_t n = u64_to_string((uintptr_t)va_arg(*args, void *), 16, false, digits);

	emit_field(out, conv, "0x", digits, n, true);
}

//! [convert]
/* Formats one parsed conversion. Returns false if it is not one we know. */
static bool emit_conversion(struct output *out, const struct conversion *conv, va_list *args)
{
	bool plain = conv->length == LENGTH_DEFAULT;	/* c, s, p and % take no length */

	switch (conv->letter) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
		emit_integer(out, conv, args);
		return true;
	case 'c':
		if (plain)
			emit_char(out, conv, args);
		return plain;
	case 's':
		if (plain)
			emit_string(out, conv, args);
		return plain;
	case 'p':
		if (plain)
			emit_pointer(out, conv, args);
		return plain;
	case '%':
		if (plain)
			emit(out, "%", 1);
		return plain;
	default:
		return false;
	}
}
//! [convert]

//! [format]
int format(format_sink sink, void *context, const char *fmt, va_list args)
{
	struct output out = { .sink = sink, .context = context, .count = 0 };
	struct conversion conv;
	va_list ap;

	va_copy(ap, args);	/* a copy whose address the helpers can take */
	while (*fmt) {
		size_t text = 0;
		const char *letter;

		while (fmt[text] != '\0' && fmt[text] != '%')
			text++;
		emit(&out, fmt, text);	/* plain text up to the next conversion */
		fmt += text;
		if (*fmt == '\0')
			break;
		letter = parse_conversion(fmt + 1, &conv);
		if (*letter == '\0' || !emit_conversion(&out, &conv, &ap)) {
			/* Unknown: show it, and the rest as plain text. Reading
			   another argument could read one of the wrong type, or one
			   that was never passed. */
			emit(&out, fmt, strlen(fmt));
			break;
		}
		fmt = letter + 1;
	}
	va_end(ap);
	return out.count;
}
//! [format]

int format_to(format_sink sink, void *context, const char *fmt, ...)
{
	va_list args;
	int count;

	va_start(args, fmt);
	count = format(sink, context, fmt, args);
	va_end(args);
	return count;
}

void format_buffer_init(struct format_buffer *b, char *buffer, size_t size)
{
	b->buffer = buffer;
	b->size = size;
	b->used = 0;
	if (size > 0)
		buffer[0] = '\0';
}

void format_buffer_write(void *context, const char *text, size_t length)
{
	struct format_buffer *b = context;
	size_t room = b->size > b->used + 1 ? b->size - b->used - 1 : 0;
	size_t n = length < room ? length : room;

	if (n == 0)
		return;	/* full, or no buffer at all: only count */
	memcpy(b->buffer + b->used, text, n);
	b->used += n;
	b->buffer[b->used] = '\0';
}

int format_string_va(char *buffer, size_t size, const char *fmt, va_list args)
{
	struct format_buffer b;

	format_buffer_init(&b, buffer, size);
	return format(format_buffer_write, &b, fmt, args);
}

int format_string(char *buffer, size_t size, const char *fmt, ...)
{
	va_list args;
	int count;

	va_start(args, fmt);
	count = format_string_va(buffer, size, fmt, args);
	va_end(args);
	return count;
}
