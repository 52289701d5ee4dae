/*
 * Host tests of pvh_to_multiboot2() (common/boot/pvh.c): a start info as
 * QEMU's direct boot builds it must come out as Multiboot2 information that
 * lesson 02's careful walker (multiboot2.c) reads back field for field, and
 * a buffer too small must be refused rather than overrun. The output buffers
 * are exactly as large as asked, so AddressSanitizer catches any overrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "multiboot2.h"
#include "pvh.h"

static const struct hvm_memmap_table_entry qemu_map[] = {
	{ 0, 0x9fc00, MB2_MEMORY_AVAILABLE, 0 },
	{ 0x9fc00, 0x400, 2, 0 },
	{ 0x100000, 0x7f00000, MB2_MEMORY_AVAILABLE, 0 },
	{ 0, 0, 0, 0 },		/* qboot's empty last region */
};

static struct hvm_start_info start_info(uint32_t version, uint32_t entries)
{
	struct hvm_start_info start = { .magic = HVM_START_MAGIC, .version = version,
					.memmap_entries = entries };
	return start;
}

/* Translates into a heap buffer of exactly `size` bytes; NULL if refused. */
static uint64_t *translate(const struct hvm_start_info *start, const char *command_line,
			   size_t size, size_t *written)
{
	uint64_t *buffer = malloc(size);

	*written = pvh_to_multiboot2(start, command_line, qemu_map, buffer, size);
	if (*written == 0) {
		free(buffer);
		return NULL;
	}
	return buffer;
}

static void reads_back_as_multiboot2(void **state)
{
	struct hvm_start_info start = start_info(1, 4);
	size_t written;
	uint64_t *info = translate(&start, "test=gdt verbose", 4096, &written);
	const struct mb2_tag *tag;

	(void)state;
	assert_non_null(info);
	assert_int_equal(*(uint32_t *)info, written);
	tag = mb2_find(info, written, MB2_TAG_BOOTLOADER_NAME);
	assert_non_null(tag);
	assert_string_equal(mb2_tag_string(tag), PVH_LOADER_NAME);
	tag = mb2_find(info, written, MB2_TAG_COMMAND_LINE);
	assert_non_null(tag);
	assert_string_equal(mb2_tag_string(tag), "test=gdt verbose");
	tag = mb2_find(info, written, MB2_TAG_MEMORY_MAP);
	assert_non_null(tag);
	assert_int_equal(mb2_memory_region_count(tag), 3);	/* the empty one left out */
	assert_int_equal(mb2_memory_region(tag, 1)->base, 0x9fc00);
	assert_int_equal(mb2_memory_region(tag, 1)->type, 2);
	assert_int_equal(mb2_memory_region(tag, 2)->length, 0x7f00000);
	assert_int_equal(mb2_memory_region(tag, 2)->type, MB2_MEMORY_AVAILABLE);
	/* Honest about what a direct boot does not say. */
	assert_null(mb2_framebuffer(info, written));
	assert_false(mb2_booted_from_uefi(info, written));
	free(info);
}

static void version_0_has_no_memory_map(void **state)
{
	struct hvm_start_info start = start_info(0, 4);
	size_t written;
	uint64_t *info = translate(&start, NULL, 4096, &written);
	const struct mb2_tag *tag;

	(void)state;
	assert_non_null(info);
	assert_null(mb2_find(info, written, MB2_TAG_MEMORY_MAP));
	tag = mb2_find(info, written, MB2_TAG_COMMAND_LINE);
	assert_non_null(tag);
	assert_string_equal(mb2_tag_string(tag), "");
	free(info);
}

static void long_command_line_is_cut(void **state)
{
	struct hvm_start_info start = start_info(1, 0);
	char *line = malloc(PVH_COMMAND_LINE_MAX + 100);
	size_t written;
	uint64_t *info;
	const struct mb2_tag *tag;

	(void)state;
	memset(line, 'x', PVH_COMMAND_LINE_MAX + 99);
	line[PVH_COMMAND_LINE_MAX + 99] = '\0';
	info = translate(&start, line, 4096, &written);
	assert_non_null(info);
	tag = mb2_find(info, written, MB2_TAG_COMMAND_LINE);
	assert_non_null(tag);
	assert_int_equal(strlen(mb2_tag_string(tag)), PVH_COMMAND_LINE_MAX);
	free(info);
	free(line);
}

/* Every size short of what is needed is refused, and nothing is overrun. */
static void too_small_is_refused(void **state)
{
	struct hvm_start_info start = start_info(1, 4);
	size_t needed, written;
	uint64_t *info = translate(&start, "a=b", 4096, &needed);

	(void)state;
	assert_non_null(info);
	free(info);
	for (size_t size = 0; size < needed; size += 8)
		assert_null(translate(&start, "a=b", size, &written));
	info = translate(&start, "a=b", needed, &written);
	assert_non_null(info);
	assert_int_equal(written, needed);
	free(info);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_back_as_multiboot2),
		cmocka_unit_test(version_0_has_no_memory_map),
		cmocka_unit_test(long_command_line_is_cut),
		cmocka_unit_test(too_small_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
