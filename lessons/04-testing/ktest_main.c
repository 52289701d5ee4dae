/*
 * The test kernel's entry point (KTEST_MAIN in build.mk): the lesson's
 * kernel with every KTEST it contains, run in place of its kernel_main;
 * or only one of them, named by "test=NAME" on the kernel command line.
 * The result leaves QEMU through the isa-debug-exit device.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "kernel_init.h"
#include "ktest.h"
#include "multiboot2.h"
#include "panic.h"
#include "qemu_exit.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

#define TEST_NAME_MAX 64	/* longest name that test=NAME may give */

/*
 * The test named by "test=NAME" on the kernel command line (a hand-made
 * grub.cfg), copied into name; false if there is none.
 */
static bool chosen_test(uint32_t magic, uint64_t boot_info, char *name)
{
	const struct mb2_tag *tag;
	const char *value;
	size_t length;

	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		return false;
	tag = mb2_find((const void *)(uintptr_t)boot_info, SIZE_MAX, MB2_TAG_COMMAND_LINE);
	if (tag == NULL || !mb2_option(mb2_tag_string(tag), "test", &value, &length) ||
	    length == 0 || length >= TEST_NAME_MAX)
		return false;
	memcpy(name, value, length);
	name[length] = '\0';
	return true;
}

//! [kernel_main]
void kernel_main(uint32_t magic, uint64_t boot_info)
{
	char name[TEST_NAME_MAX];
	unsigned failed;

	kernel_init();
	panic_set_hook(ktest_panic_hook);	/* a panic fails the running test */
	if (chosen_test(magic, boot_info, name))
		failed = ktest_run_named(name);	/* test=NAME: only that one */
	else
		failed = ktest_run_all(NULL);
	qemu_exit(failed == 0 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}
//! [kernel_main]
