/*
 * The line editor: a buffer, a length, and what each key does to them.
 * Pure code, tested on the host by tests/host/test_lab_line_editor.c.
 */
#include "line_editor.h"
#include "panic.h"

void line_editor_init(struct line_editor *editor, char *buffer, size_t size)
{
	if (buffer == NULL || size == 0)
		panic("line_editor_init: no buffer");
	editor->buffer = buffer;
	editor->size = size;
	editor->length = 0;
	editor->done = 0;
	buffer[0] = '\0';
}

enum line_event line_editor_feed(struct line_editor *editor, char c)
{
	// LAB 7.1 BEGIN: a line buffer with Backspace
	if (editor->done) { /* the line before was handed over: start anew */
		editor->length = 0;
		editor->buffer[0] = '\0';
		editor->done = 0;
	}
	if (c == '\n') {
		editor->done = 1;
		return LINE_DONE;
	}
	if (c == '\b') {
		if (editor->length == 0)
			return LINE_NOTHING;
		editor->buffer[--editor->length] = '\0';
		return LINE_ERASE;
	}
	if (c < ' ' || c > '~' || editor->length + 1 >= editor->size)
		return LINE_NOTHING;
	editor->buffer[editor->length++] = c;
	editor->buffer[editor->length] = '\0';
	return LINE_ECHO;
	// LAB 7.1 STUB
	// /* Lab 7.1: keep the line in editor->buffer. Until then the kernel
	//    echoes what is typed, Backspace does nothing, and Enter stops it:
	//    there is no line to hand over. */
	// (void)editor;
	// if (c == '\n')
	// 	panic("lab 7.1 not implemented: line_editor_feed keeps no line");
	// if (c >= ' ' && c <= '~')
	// 	return LINE_ECHO;
	// return LINE_NOTHING;
	// LAB 7.1 END
}
