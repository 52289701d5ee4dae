/*
 * Fuzz harness: lesson 07's scancode decoder and line editor over any
 * stream of bytes from the keyboard.
 *
 * The first byte chooses the line buffer's size (1-64); every other byte
 * goes through the decoder as a scancode, and every character it gives
 * goes to the editor. The editor's line must always fit its buffer and end
 * in a NUL, and its length must only move as the event it returns says.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "line_editor.h"
#include "panic.h"
#include "scancode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The kernel's panic(), for the editor's own checks: a crash to the fuzzer. */
noreturn void panic(const char *message)
{
	fprintf(stderr, "panic: %s\n", message);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scancode_decoder decoder;
	struct line_editor editor;
	char line[64];
	size_t line_size;

	if (size == 0)
		return 0;
	line_size = 1 + data[0] % sizeof(line);
	scancode_decoder_init(&decoder);
	line_editor_init(&editor, line, line_size);
	for (size_t i = 1; i < size; i++) {
		char c = scancode_decode(&decoder, data[i]);
		size_t before = editor.done ? 0 : editor.length;
		enum line_event event;

		if (c == 0)
			continue;
		event = line_editor_feed(&editor, c);
		assert(editor.length < line_size);
		assert(strlen(line) == editor.length);
		if (event == LINE_ECHO)
			assert(editor.length == before + 1);
		else if (event == LINE_ERASE)
			assert(editor.length + 1 == before);
		else if (event == LINE_NOTHING)
			assert(editor.length == before);
	}
	return 0;
}
