/**
 * @file
 * The PS/2 keyboard on IRQ 1: typed characters, queued for the kernel.
 *
 * The interrupt handler reads each byte the keyboard sends, decodes it
 * (scancode.h) and puts the characters into a small queue. The kernel's
 * main code takes them out with keyboard_read_char(): the handler stays
 * short, and it never has to wait for the screen.
 */
#ifndef KEYBOARD_H
#define KEYBOARD_H

#include <stdbool.h>

/** How many typed characters wait for the kernel before new ones are dropped. */
#define KEYBOARD_QUEUE_SIZE 64

/**
 * Empties the keyboard controller's output buffer (bytes sent before we
 * listened), makes sure the controller translates the keyboard's scancodes
 * into set 1 (the BIOS usually has, but need not have), resets the decoder
 * and installs the IRQ 1 handler.
 */
void keyboard_init(void);

/**
 * Takes the oldest typed character out of the queue.
 * @param c receives the character if there is one
 * @return true if a character was taken, false if the queue is empty
 */
bool keyboard_read_char(char *c);

/**
 * Waits for the next typed character, halting the CPU while there is none.
 * Interrupts must be enabled (kernel_init() does it): a key or the next
 * timer tick wakes the CPU to look again.
 * @return the character
 */
char keyboard_wait_char(void);

/**
 * Counts the characters dropped because the queue was full.
 * @return the count since keyboard_init()
 */
unsigned keyboard_dropped(void);

/**
 * Counts the keyboard interrupts that found no byte in the controller and
 * were ignored: IRQ 1 stays pending while code polls the controller with
 * interrupts off (host_checkpoint()), and arrives after the byte is gone.
 * @return the count since keyboard_init()
 */
unsigned keyboard_empty_interrupts(void);

#endif
