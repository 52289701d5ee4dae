/*
 * Integration test that passes only if the code under test panics.
 *
 * A panic normally ends a test kernel with failure (ktest_panic_hook). Here
 * the panic is the expected outcome, so this kernel installs its own hook
 * that reports success and exits QEMU with QEMU_EXIT_SUCCESS. If the code
 * under test returns instead, the test fails.
 *
 * The code under test: vga_writer_init() must refuse a buffer of zero
 * cells, an impossible state that it reports with a panic.
 */
#include <stdint.h>
#include "kernel_init.h"
#include "panic.h"
#include "qemu_exit.h"
#include "serial_print.h"
#include "vga.h"

#define TEST_NAME "should_panic_on_empty_vga_buffer"

void kernel_main(uint32_t magic, uint64_t boot_info);

//! [should_panic]
static void panic_means_success(const char *message)
{
	(void)message;	/* panic() already sent it to serial */
	serial_printf(TEST_NAME " ... [ok]\n");
	qemu_exit(QEMU_EXIT_SUCCESS);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	static uint16_t cells[VGA_WIDTH];	/* a buffer, but the size given is 0 */
	struct vga_writer writer;

	(void)magic;
	(void)boot_info;
	kernel_init();
	panic_set_hook(panic_means_success);
	serial_printf("%s: vga_writer_init with 0 rows must panic\n", TEST_NAME);
	vga_writer_init(&writer, cells, VGA_WIDTH, 0);

	/* Still here: the reason first, then the result line (as ktest.c does). */
	serial_printf("%s:%d: vga_writer_init returned instead of panicking\n", __FILE__, __LINE__);
	serial_printf(TEST_NAME " ... [failed]\n");
	qemu_exit(QEMU_EXIT_FAILURE);
}
//! [should_panic]
