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
	/* Under emulation QEMU acts on the write a moment later: the CPU must
	   not run on into whatever follows. Halt until it does. */
	halt_forever();
}
//! [exit]
