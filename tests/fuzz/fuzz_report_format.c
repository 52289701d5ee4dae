/*
 * Fuzz harness: lesson 05's exception report formatter with any frame.
 *
 * The input fills an interrupt frame (vector, error code, registers) and
 * CR2. The report must be lines of at most 80 characters, each ending in
 * '\n', as report_format.h promises (the screen is 80 columns wide).
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include "report_format.h"

#define SCREEN_COLUMNS 80

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct lines {
	size_t column; /* characters on the current line so far */
	size_t total;
};

static void check_lines(void *context, const char *text, size_t length)
{
	struct lines *lines = context;

	for (size_t i = 0; i < length; i++) {
		if (text[i] == '\n') {
			lines->column = 0;
			continue;
		}
		lines->column++;
		assert(lines->column <= SCREEN_COLUMNS);
	}
	lines->total += length;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct interrupt_frame frame;
	struct lines lines = {0, 0};
	uint64_t cr2 = 0;

	memset(&frame, 0, sizeof(frame));
	memcpy(&frame, data, size < sizeof(frame) ? size : sizeof(frame));
	if (size > sizeof(frame))
		memcpy(&cr2, data + sizeof(frame),
		       size - sizeof(frame) < sizeof(cr2) ? size - sizeof(frame) : sizeof(cr2));
	frame.vector &= 0xff; /* the stubs push 0-255 */
	exception_format_report(&frame, cr2, check_lines, &lines);
	assert(lines.total > 0 && lines.column == 0);
	return 0;
}
