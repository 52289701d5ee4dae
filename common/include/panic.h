/**
 * @file
 * Stopping the kernel: for good (halt_forever), or because something
 * impossible happened (panic). A kernel has no process to exit from and no
 * operating system to report to, so "stop" means: say why, then halt.
 */
#ifndef PANIC_H
#define PANIC_H

#include <stdnoreturn.h>

/** Halts the CPU forever: interrupts off, then hlt in a loop. */
noreturn void halt_forever(void);

/**
 * Reports an impossible state and stops the kernel.
 *
 * Sends "panic: <message>" to the serial port, calls the hook set with
 * panic_set_hook() if there is one (to show the message on screen, or to
 * report a failed test), then halts forever.
 * @param message what went wrong, naming the state
 */
noreturn void panic(const char *message);

/** What a kernel wants to do with a panic message besides sending it to serial. */
typedef void (*panic_hook)(const char *message);

/**
 * Sets the function panic() calls after writing to serial.
 * @param hook the function, or NULL for none; it may stop the machine itself
 */
void panic_set_hook(panic_hook hook);

#endif
