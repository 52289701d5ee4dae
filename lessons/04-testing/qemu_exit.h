/**
 * @file
 * Ending QEMU from inside the kernel, with a status the host can read.
 *
 * QEMU's isa-debug-exit device (started with
 * `-device isa-debug-exit,iobase=0xf4,iosize=0x04`) makes QEMU exit as soon
 * as the guest writes to its port, with the exit status (value << 1) | 1.
 * The status is therefore always odd and never 0, so the values below map to
 * 33 (success) and 35 (failure), and a 0 can only mean that QEMU stopped for
 * another reason, such as a triple fault under -no-reboot.
 */
#ifndef QEMU_EXIT_H
#define QEMU_EXIT_H

#include <stdnoreturn.h>

/** I/O port of the isa-debug-exit device, as the test runner configures it. */
#define QEMU_EXIT_PORT 0xf4

/** What a test kernel reports; QEMU exits with (code << 1) | 1. */
enum qemu_exit_code {
	QEMU_EXIT_SUCCESS = 0x10, /**< QEMU exits with status 33 */
	QEMU_EXIT_FAILURE = 0x11, /**< QEMU exits with status 35 */
};

/**
 * Makes QEMU exit with the status for code. Without the device (a real PC,
 * or QEMU started without it) the write does nothing and the CPU halts.
 * @param code success or failure
 */
noreturn void qemu_exit(enum qemu_exit_code code);

#endif
