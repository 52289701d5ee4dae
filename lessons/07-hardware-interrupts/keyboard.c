/*
 * PS/2 keyboard driver: IRQ 1 handler, decoder, character queue.
 *
 * The keyboard talks to the PS/2 controller (the "8042"); the controller
 * raises IRQ 1 when it has a byte and holds it in its data port, 0x60,
 * until the CPU reads it. Reading the byte is what lets the next one come:
 * a handler that forgot to read would see no more keys.
 */
#include <stdint.h>
#include "keyboard.h"
#include "irq.h"
#include "scancode.h"
#include "x86.h"

//! [ports]
#define PS2_DATA	       0x60 /* read: the next byte from the keyboard */
#define PS2_STATUS	       0x64 /* read: the controller's status */
#define PS2_STATUS_OUTPUT_FULL 0x01 /* a byte is waiting in PS2_DATA */
#define PS2_DRAIN_LIMIT	       256  /* the controller buffers only a few bytes */
//! [ports]

#define PS2_COMMAND	      0x64 /* write: a command for the controller itself */
#define PS2_STATUS_INPUT_FULL 0x02 /* the controller has not taken the last write */
#define PS2_READ_CONFIG	      0x20 /* command: its configuration byte comes in PS2_DATA */
#define PS2_WRITE_CONFIG      0x60 /* command: the next PS2_DATA write is the new one */
#define PS2_CONFIG_TRANSLATE  0x40 /* turn the keyboard's set 2 into set 1 */
#define PS2_WAIT_LIMIT	      100000 /* polls before we call the controller absent */

static struct scancode_decoder decoder;
/* IRQ 1s that found no byte in the controller. */
static volatile unsigned empty_interrupts;

/*
 * A ring buffer with one writer (the interrupt handler, which advances
 * head) and one reader (the main code, which advances tail). On one CPU the
 * handler cannot be interrupted by the reader, and the reader sees either
 * the old or the new head, never half of it: no lock is needed. Everything
 * is volatile so that the compiler neither caches the indices nor moves
 * the store of a character after the store that publishes it (head).
 */
//! [queue]
static volatile char queue[KEYBOARD_QUEUE_SIZE];
static volatile unsigned head; /* where the handler writes next */
static volatile unsigned tail; /* where the reader reads next */
static volatile unsigned dropped;

static void queue_put(char c)
{
	unsigned next = (head + 1) % KEYBOARD_QUEUE_SIZE;

	if (next == tail) { /* full: keep the older characters */
		dropped++;
		return;
	}
	queue[head] = c;
	head = next;
}

bool keyboard_read_char(char *c)
{
	if (tail == head)
		return false;
	*c = queue[tail];
	tail = (tail + 1) % KEYBOARD_QUEUE_SIZE;
	return true;
}
//! [queue]

//! [idle loop]
char keyboard_wait_char(void)
{
	char c;

	/*
	 * Look at the queue with interrupts off: if it is empty, sleep with
	 * sti_hlt(), which cannot miss a key that arrives right after the
	 * look. Any interrupt (a key, or the next tick) wakes the CPU and the
	 * loop looks again.
	 */
	for (;;) {
		cli();
		if (keyboard_read_char(&c))
			break;
		sti_hlt();
	}
	sti();
	return c;
}
//! [idle loop]

//! [handler]
static void keyboard_interrupt(void)
{
	/*
	 * The IRQ may be stale: code that polled the controller with
	 * interrupts off (lesson 04's host_checkpoint()) took the byte, but
	 * the PIC kept IRQ 1 pending. Port 0x60 would then repeat the last
	 * byte it gave: decoding that would invent a key.
	 */
	if (!(inb(PS2_STATUS) & PS2_STATUS_OUTPUT_FULL)) {
		empty_interrupts++;
		return;
	}
	uint8_t byte = inb(PS2_DATA);
	char c = scancode_decode(&decoder, byte);

	if (c)
		queue_put(c);
}
//! [handler]

/* Waits until the status bit is as wanted; false if it never gets there. */
static bool ps2_wait(uint8_t bit, bool set)
{
	for (int i = 0; i < PS2_WAIT_LIMIT; i++)
		if (!!(inb(PS2_STATUS) & bit) == set)
			return true;
	return false;
}

//! [translation]
/*
 * The decoder reads scancode set 1, which the controller makes out of the
 * keyboard's set 2 only while bit 6 of its configuration byte is set. A
 * PC's BIOS sets it; a minimal firmware (QEMU's qboot) does not, and the
 * keys would arrive as set 2 bytes, which decode to the wrong characters.
 * So set it here. A machine without the controller reads 0xff from its
 * ports, never "input empty": then there is nothing to set.
 */
static void ps2_translate_to_set1(void)
{
	uint8_t config;

	if (!ps2_wait(PS2_STATUS_INPUT_FULL, false))
		return;
	outb(PS2_COMMAND, PS2_READ_CONFIG);
	if (!ps2_wait(PS2_STATUS_OUTPUT_FULL, true))
		return;
	config = inb(PS2_DATA);
	outb(PS2_COMMAND, PS2_WRITE_CONFIG);
	if (ps2_wait(PS2_STATUS_INPUT_FULL, false))
		outb(PS2_DATA, config | PS2_CONFIG_TRANSLATE);
}
//! [translation]

void keyboard_init(void)
{
	for (int i = 0; i < PS2_DRAIN_LIMIT && (inb(PS2_STATUS) & PS2_STATUS_OUTPUT_FULL); i++)
		inb(PS2_DATA);
	ps2_translate_to_set1();
	scancode_decoder_init(&decoder);
	head = tail = dropped = empty_interrupts = 0;
	irq_install(IRQ_KEYBOARD, keyboard_interrupt);
}

unsigned keyboard_dropped(void)
{
	return dropped;
}

unsigned keyboard_empty_interrupts(void)
{
	return empty_interrupts;
}
