/*
 * Integration test: printing works straight after boot.
 *
 * An integration test is a kernel of its own: the lesson's sources plus this
 * file, with this file's kernel_main instead of the lesson's. It runs only
 * the KTESTs declared here (ktest_run_all(__FILE__)), in a machine that did
 * nothing but kernel_init() first, so it checks that the console needs no
 * other setup.
 */
#include <stdint.h>
#include "console.h"
#include "kernel_init.h"
#include "ktest.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

//! [basic_boot]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	ktest_run_file_and_exit(__FILE__);
}

KTEST(basic_boot_prints)
{
	kprintf("basic_boot: printing works straight after boot\n");
	ASSERT_EQ(console_vga()->column, 0);
}
//! [basic_boot]
