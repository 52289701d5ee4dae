/*
 * Runner self-test: a kernel that echoes what is typed on the PS/2
 * keyboard to serial, as a line editor does, and exits with success when
 * it reads a '.'. Typed text is data: echoing "boot error: none" must not
 * make a boot error, nor "dont panic: all is well" a failure. Its first
 * line also carries "panic:" in the middle of a line, where the kernel's
 * panic() never puts it.
 *
 * It polls the keyboard controller (no interrupts): status port 0x64 bit 0
 * says a byte waits at port 0x60. The controller translates to scancode
 * set 1: a key's press is its code, its release the code | 0x80.
 */
#include <stdbool.h>
#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define QEMU_EXIT_PORT	  0xf4
#define QEMU_EXIT_SUCCESS 0x10
#define PS2_DATA	  0x60
#define PS2_STATUS	  0x64
#define PS2_OUTPUT_FULL	  0x01 /* a byte waits at PS2_DATA */
#define PS2_FROM_MOUSE	  0x20 /* ... and it is the mouse's */
#define KEY_RELEASED	  0x80
#define LEFT_SHIFT	  0x2a
#define RIGHT_SHIFT	  0x36

/* Scancode set 1 to characters, US layout, without and with shift. */
static const char plain[0x3a] = {
    [0x02] = '1', '2', '3',	     '4', '5',	'6',	      '7', '8',		  '9',		'0',
    '-',	  '=', [0x10] = 'q', 'w', 'e',	'r',	      't', 'y',		  'u',		'i',
    'o',	  'p', '[',	     ']', '\n', [0x1e] = 'a', 's', 'd',		  'f',		'g',
    'h',	  'j', 'k',	     'l', ';',	'\'',	      '`', [0x2b] = '\\', 'z',		'x',
    'c',	  'v', 'b',	     'n', 'm',	',',	      '.', '/',		  [0x39] = ' ',
};
static const char shifted[0x3a] = {
    [0x1e] = 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':',
};

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	bool shift = false;

	(void)magic;
	(void)boot_info;
	serial_init();
	serial_write_string("echo: ready (dont panic: in the middle of a line)\n");
	for (;;) {
		uint8_t status = inb(PS2_STATUS);

		if (!(status & PS2_OUTPUT_FULL))
			continue;
		uint8_t code = inb(PS2_DATA);

		if (status & PS2_FROM_MOUSE)
			continue;
		if ((code & ~KEY_RELEASED) == LEFT_SHIFT || (code & ~KEY_RELEASED) == RIGHT_SHIFT) {
			shift = !(code & KEY_RELEASED);
			continue;
		}
		if (code & KEY_RELEASED || code >= sizeof(plain))
			continue;
		char c = shift && shifted[code] ? shifted[code] : plain[code];

		if (c == '.')
			break;
		if (c)
			serial_write_char(c);
	}
	serial_write_string("echo: done\n");
	outl(QEMU_EXIT_PORT, QEMU_EXIT_SUCCESS);
	halt_forever();
}
