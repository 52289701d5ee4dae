/*
 * Lesson 04's kernel: lesson 03's, started through kernel_init() and
 * reporting on both the screen and the serial port.
 *
 * The interesting kernels of this lesson are the test kernels: ktest.iso
 * (ktest_main.c runs every KTEST) and the integration tests in tests/.
 * This one is what `make lesson 4 run` boots; its boot test
 * (tests/screen.test) reads the screen from the host to check that a
 * printed line ends up in the row above the bottom.
 */
#include <stdint.h>
#include "console.h"
#include "kernel_init.h"
#include "panic.h"
#include "serial_print.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

//! [kernel_main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	kernel_init();
	serial_printf("lesson 04: kernel_main ran (magic 0x%x, boot information at 0x%lx)\n",
		      magic, boot_info);
	console_set_color(VGA_LIGHT_GREEN, VGA_BLACK);
	kprintf("Lesson 04: testing\n");
	console_set_color(VGA_LIGHT_GREY, VGA_BLACK);
	kprintf("This kernel only prints. `make lesson 4 test` boots the test kernels:\n"
		"the KTESTs, basic_boot and should_panic, reporting over serial.\n");
	kprintf("Hello from lesson 04, one row above the bottom\n");
	serial_printf("lesson 04: screen written\n");
	halt_forever();
}
//! [kernel_main]
