/**
 * @file
 * Turning PS/2 keyboard bytes (scancode set 1) into characters.
 *
 * The keyboard does not send characters. It sends one or more bytes each
 * time a key goes down ("make") and again when it comes up ("break"), and
 * the bytes name a key position, not a letter. Which character a key
 * position stands for depends on the layout (here: US) and on the state of
 * shift and caps lock, which only the decoder can remember.
 *
 * This decoder is pure C with no hardware access: the keyboard driver feeds
 * it the bytes it reads from port 0x60, and the host tests feed it anything
 * at all, including random bytes it must survive.
 */
#ifndef SCANCODE_H
#define SCANCODE_H

#include <stdbool.h>
#include <stdint.h>

/** What the decoder remembers between two bytes. */
struct scancode_decoder {
	bool left_shift;       /**< the left shift key is down */
	bool right_shift;      /**< the right shift key is down */
	bool caps_lock;	       /**< caps lock is on (toggled by each press) */
	bool caps_key_down;    /**< the caps lock key is held: repeats must not toggle */
	bool extended;	       /**< the previous byte was the 0xe0 prefix */
	uint8_t bytes_to_skip; /**< bytes of a 0xe1 (Pause) sequence still to come */
};

/**
 * Puts a decoder in its power-on state: no prefix pending, no modifier held,
 * caps lock off.
 * @param decoder the decoder
 */
void scancode_decoder_init(struct scancode_decoder *decoder);

/**
 * Feeds one byte from the keyboard to the decoder.
 *
 * Key releases, modifier keys, function keys and the extended keys that
 * have no character (arrows, Home, the Windows keys, ...) update the state
 * or are ignored; they never produce a character. Any byte value is
 * accepted in any state.
 * @param decoder the decoder
 * @param byte the byte read from the keyboard's data port
 * @return the character that this byte completes: printable ASCII, '\\n'
 *         (Enter), '\\t' (Tab), '\\b' (Backspace) or 0x1b (Escape); or 0
 *         when the byte completes no character
 */
char scancode_decode(struct scancode_decoder *decoder, uint8_t byte);

#endif
