/*
 * qemu_exit(): one 32-bit write to the isa-debug-exit port.
 */
#include "panic.h"
#include "qemu_exit.h"
#include "x86.h"

//! [exit]
noreturn void qemu_exit(enum qemu_exit_code code)
{
	outl(QEMU_EXIT_PORT, code);
	/* QEMU 7.2 exits inside the write. Newer QEMU only requests the exit
	   and may let the CPU run on briefly, and a PC without the device
	   ignores the write: either way, never return. */
	halt_forever();
}
//! [exit]
