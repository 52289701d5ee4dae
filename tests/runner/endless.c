/*
 * Runner self-test: a kernel that prints the same line forever and never
 * exits, as a lab submission with a print in a loop does. Each byte is an
 * emulated port write that costs QEMU a write(2) and the guest almost no
 * time, so without a limit on its output such a kernel ran to its time
 * limit (minutes of host time under a guest clock) while the log grew by
 * megabytes. The runner must stop it as soon as its serial output passes
 * runner.serial.SERIAL_LIMIT, with the verdict too-much-output
 * (tests/runner/endless.test).
 */
#include <stdint.h>
#include "serial.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	serial_init();
	for (;;)
		serial_write_string("endless: the same line, again and again\n");
}
