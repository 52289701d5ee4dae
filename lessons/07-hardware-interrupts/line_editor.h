/**
 * @file
 * A line of keyboard input, edited as it is typed: printable characters
 * are added, Backspace takes the last one back, Enter ends the line.
 *
 * The editor only keeps the line and says what the screen must show for
 * each key; it does not print anything itself. So it is pure code: the
 * kernel feeds it the characters from keyboard_wait_char() and echoes,
 * and the host tests feed it whatever they like.
 */
#ifndef LINE_EDITOR_H
#define LINE_EDITOR_H

#include <stddef.h>

/** What a character did to the line, and so what the screen must show. */
enum line_event {
	LINE_NOTHING, /**< nothing changed: an empty line's Backspace, a full line, a control key */
	LINE_ECHO,    /**< the character was added at the end: show it */
	LINE_ERASE,   /**< Backspace removed the last character: erase it */
	LINE_DONE,    /**< Enter: the line is complete (show a newline) */
};

/** The state of one line being typed. Set up with line_editor_init(). */
struct line_editor {
	char *buffer;  /**< the line so far, always NUL-terminated */
	size_t size;   /**< bytes in buffer: room for size - 1 characters */
	size_t length; /**< characters in the line */
	int done;      /**< the last character was Enter: the next one starts a new line */
};

/**
 * Starts an empty line in a buffer.
 * @param editor the editor
 * @param buffer where the line is kept
 * @param size the buffer's size in bytes, at least 1
 */
void line_editor_init(struct line_editor *editor, char *buffer, size_t size);

/**
 * Takes one typed character (lab 7.1). A printable character (' ' to '~')
 * is added while there is room; '\\b' removes the last character; '\\n'
 * ends the line, which then stays in the buffer until the next character
 * starts a new one. Any other character changes nothing.
 * @param editor the editor
 * @param c the character, as keyboard_wait_char() gives it
 * @return what the character did
 */
enum line_event line_editor_feed(struct line_editor *editor, char c);

#endif
