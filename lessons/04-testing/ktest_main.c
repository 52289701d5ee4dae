/*
 * The test kernel's entry point (KTEST_MAIN in build.mk): the lesson's
 * kernel with every KTEST it contains, run in place of its kernel_main.
 * The result leaves QEMU through the isa-debug-exit device.
 */
#include <stddef.h>
#include <stdint.h>
#include "kernel_init.h"
#include "ktest.h"
#include "panic.h"
#include "qemu_exit.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

//! [kernel_main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	panic_set_hook(ktest_panic_hook);	/* a panic fails the running test */
	if (ktest_run_all(NULL) == 0)
		qemu_exit(QEMU_EXIT_SUCCESS);
	qemu_exit(QEMU_EXIT_FAILURE);
}
//! [kernel_main]
