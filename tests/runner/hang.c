/*
 * Runner self-test: a kernel that never finishes. The runner must stop it
 * at the time limit and call it a hang, showing the last serial line.
 */
#include <stdint.h>
#include "panic.h"
#include "serial.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	serial_init();
	serial_write_string("hang: waiting forever\n");
	halt_forever();
}
