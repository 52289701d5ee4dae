/*
 * Lesson 01: the smallest C kernel.
 *
 * No operating system, no C library, no crt0: the boot code (common/boot)
 * calls kernel_main directly, and kernel_main may use only what the
 * compiler itself provides (<stdint.h>, <stddef.h>, ...) and what we write.
 * To show that it ran, it writes one line straight into the VGA text
 * buffer, tells the serial port, and halts.
 */
#include <stdint.h>
#include "panic.h"
#include "serial.h"

//! [kernel_main]
#define VGA_TEXT_BUFFER 0xb8000	/* lesson 03 wraps this address in a writer */
#define WHITE_ON_BLUE 0x1f	/* attribute byte: background 1, foreground 15 */

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	static const char message[] = "Hello from freestanding C!";
	volatile uint16_t *screen = (volatile uint16_t *)VGA_TEXT_BUFFER;

	(void)magic;	/* lesson 02 looks at what the boot loader handed over */
	(void)boot_info;

	/* Each screen cell is 16 bits: the character, then its colours. */
	for (int i = 0; message[i] != '\0'; i++)
		screen[i] = (uint16_t)(WHITE_ON_BLUE << 8 | (uint8_t)message[i]);

	serial_init();
	serial_write_string("lesson 01: kernel_main ran\n");
	halt_forever();
}
//! [kernel_main]
