/*
 * Scancode set 1 decoder for a US keyboard layout, with shift and caps lock.
 *
 * Set 1 is the code set of the original IBM PC/XT keyboard. Modern keyboards
 * speak set 2, but the PS/2 controller translates set 2 to set 1 by default
 * (the BIOS leaves translation on), so set 1 is what the kernel reads.
 *
 * A key press sends the key's "make code" (below 0x80); its release sends
 * the same code with bit 7 set (the "break code"). Keys added after the XT
 * (arrows, right Ctrl, keypad Enter, ...) send a 0xe0 prefix first, and
 * reuse codes of older keys: 0xe0 0x48 is the Up arrow while 0x48 alone is
 * keypad 8. Forgetting the prefix is how a decoder prints garbage.
 */
#include <stddef.h>
#include "scancode.h"

//! [codes]
#define SCANCODE_RELEASE	 0x80 /* bit 7: the key went up */
#define SCANCODE_KEY_MASK	 0x7f /* bits 0-6: which key */
#define SCANCODE_PREFIX_EXTENDED 0xe0 /* one more byte names a newer key */
#define SCANCODE_PREFIX_PAUSE	 0xe1 /* Pause: e1 1d 45 e1 9d c5, no release */
#define PAUSE_BYTES_AFTER_PREFIX 2    /* each e1 is followed by two bytes */

#define KEY_LEFT_SHIFT	      0x2a
#define KEY_RIGHT_SHIFT	      0x36
#define KEY_CAPS_LOCK	      0x3a
#define EXTENDED_KEYPAD_ENTER 0x1c /* e0 1c */
#define EXTENDED_KEYPAD_SLASH 0x35 /* e0 35 */

#define KEY_COUNT 0x80
#define ESCAPE	  0x1b
//! [codes]

/*
 * What each make code types, without and with shift. Codes that type
 * nothing (Ctrl, Alt, F1-F12, Num Lock, ...) are left 0. The keypad is
 * read as if Num Lock were on, as the BIOS leaves it.
 */
/* One row of the keyboard per line, as clang-format cannot lay it out. */
/* clang-format off */
//! [layout]
static const char us_plain[KEY_COUNT] = {
	[0x01] = ESCAPE,
	[0x02] = '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b',
	[0x0f] = '\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n',
	[0x1e] = 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
	[0x2b] = '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/',
	[0x37] = '*',
	[0x39] = ' ',
	[0x47] = '7', '8', '9', '-', '4', '5', '6', '+', '1', '2', '3', '0', '.',
};

static const char us_shifted[KEY_COUNT] = {
	[0x01] = ESCAPE,
	[0x02] = '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b',
	[0x0f] = '\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n',
	[0x1e] = 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
	[0x2b] = '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?',
	[0x37] = '*',
	[0x39] = ' ',
	[0x47] = '7', '8', '9', '-', '4', '5', '6', '+', '1', '2', '3', '0', '.',
};
//! [layout]
/* clang-format on */

void scancode_decoder_init(struct scancode_decoder *decoder)
{
	*decoder = (struct scancode_decoder){0};
}

/*
 * The second byte of an extended key. Only two extended keys type a
 * character; the rest (arrows, Home, Insert, right Ctrl and Alt, the
 * Windows keys, and the "fake shifts" e0 2a / e0 aa that keyboards wrap
 * around Print Screen) must type nothing and must not change the state.
 */
//! [extended]
static char decode_extended(uint8_t key, bool released)
{
	if (released)
		return 0;
	if (key == EXTENDED_KEYPAD_ENTER)
		return '\n';
	if (key == EXTENDED_KEYPAD_SLASH)
		return '/';
	return 0;
}
//! [extended]

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

//! [decode]
char scancode_decode(struct scancode_decoder *decoder, uint8_t byte)
{
	if (decoder->bytes_to_skip > 0) {
		decoder->bytes_to_skip--;
		return 0;
	}
	if (byte == SCANCODE_PREFIX_PAUSE) {
		decoder->extended = false;
		decoder->bytes_to_skip = PAUSE_BYTES_AFTER_PREFIX;
		return 0;
	}
	if (byte == SCANCODE_PREFIX_EXTENDED) {
		decoder->extended = true;
		return 0;
	}

	bool released = byte & SCANCODE_RELEASE;
	uint8_t key = byte & SCANCODE_KEY_MASK;

	if (decoder->extended) {
		decoder->extended = false;
		return decode_extended(key, released);
	}

	switch (key) {
	case KEY_LEFT_SHIFT:
		decoder->left_shift = !released;
		return 0;
	case KEY_RIGHT_SHIFT:
		decoder->right_shift = !released;
		return 0;
	case KEY_CAPS_LOCK:
		/* A held key repeats its make code: toggle on the first only. */
		if (!released && !decoder->caps_key_down)
			decoder->caps_lock = !decoder->caps_lock;
		decoder->caps_key_down = !released;
		return 0;
	}
	if (released)
		return 0;

	bool shift = decoder->left_shift || decoder->right_shift;
	char c = shift ? us_shifted[key] : us_plain[key];

	/* Caps lock inverts the case of letters only: shift+caps types 'a'. */
	if (decoder->caps_lock && is_letter(c))
		c = shift ? us_plain[key] : us_shifted[key];
	return c;
}
//! [decode]
