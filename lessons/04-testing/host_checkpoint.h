/**
 * @file
 * Checkpoints at which a test kernel waits for the host to look at it.
 *
 * A boot test that believes only what the kernel prints can be fooled by a
 * kernel that prints the right words. At a checkpoint the test kernel says
 * what it has just done, then stops until the host has checked it from
 * outside (the test runner walks the guest's page tables itself, for
 * instance: the `page` step of tools/runner/spec.py) and typed a key.
 */
#ifndef HOST_CHECKPOINT_H
#define HOST_CHECKPOINT_H

/**
 * Prints "host check: " and the formatted text on serial, then waits, with interrupts off,
 * until a key arrives from the PS/2 keyboard (the host's `send-keys`).
 * The key is read straight from the keyboard controller and thrown away.
 * @param fmt what the host should now find, as a serial_printf() format,
 *            e.g. "page %#llx unmapped"
 * @param ... the arguments
 */
void host_checkpoint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
