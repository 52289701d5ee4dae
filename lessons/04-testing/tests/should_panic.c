/*
 * Integration test that passes only if the code under test panics.
 *
 * A panic normally ends a test kernel with failure (ktest_panic_hook). Here
 * the panic is the expected outcome, so this kernel arms expect_panic(),
 * whose hook reports success and exits QEMU with QEMU_EXIT_SUCCESS. If the
 * code under test returns instead, the test fails.
 *
 * The code under test: vga_writer_init() must refuse a buffer of zero
 * cells, an impossible state that it reports with a panic.
 */
#include <stdint.h>
#include "expect_panic.h"
#include "kernel_init.h"
#include "serial_print.h"
#include "vga.h"

#define TEST_NAME "should_panic_on_empty_vga_buffer"

void kernel_main(uint32_t magic, uint64_t boot_info);

//! [should_panic]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	static uint16_t cells[VGA_WIDTH];	/* a buffer, but the size given is 0 */
	struct vga_writer writer;

	(void)magic;
	(void)boot_info;
	kernel_init();
	expect_panic(TEST_NAME);
	serial_printf("%s: vga_writer_init with 0 rows must panic\n", TEST_NAME);
	vga_writer_init(&writer, cells, VGA_WIDTH, 0);
	expect_panic_missing(__FILE__, __LINE__, "vga_writer_init returned");
}
//! [should_panic]
