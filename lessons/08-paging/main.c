/*
 * Lesson 08: the kernel looks at its own page tables.
 *
 * It prints the hierarchy the boot code built, then reproduces the
 * chapter's worked example with real tables: it maps the page
 * 0x803FE7F000 to a free frame, walks the address 0x803FE7F5CE level by
 * level, and shows that writing through the new virtual address changes
 * the frame, and writing the frame changes what the address reads.
 */
#include <stddef.h>
#include <stdint.h>
#include "console.h"
#include "format.h"
#include "kernel_init.h"
#include "keyboard.h"
#include "multiboot2.h"
#include "page_tables.h"
#include "serial.h"
#include "serial_print.h"
#include "text_screen.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

/* Everything this kernel prints goes to the screen and to serial. */
static void both_sink(void *context, const char *text, size_t length)
{
	(void)context;
	console_write(text, length);
	serial_write(text, length);
}

//! [worked example]
#define EXAMPLE_PAGE	0x803FE7F000ull
#define EXAMPLE_ADDRESS 0x803FE7F5CEull

static void worked_example(void)
{
	uint64_t frame = frame_alloc(); /* identity-mapped: physical = virtual */
	uint64_t physical;

	map_page(EXAMPLE_PAGE, frame, PTE_WRITABLE | PTE_NO_EXECUTE);
	format_to(both_sink, NULL, "worked example: page 0x%llx -> frame 0x%llx\n", EXAMPLE_PAGE,
		  (unsigned long long)frame);
	page_walk_print(EXAMPLE_ADDRESS, both_sink, NULL);
	if (!translate(EXAMPLE_ADDRESS, &physical) ||
	    physical != frame + page_offset(EXAMPLE_ADDRESS))
		panicf("worked example: 0x%llx does not translate to frame + 0x5ce",
		       EXAMPLE_ADDRESS);

	/* Two addresses, one byte of memory. */
	volatile char *through_page = (volatile char *)(uintptr_t)EXAMPLE_ADDRESS;
	volatile char *through_frame = (volatile char *)(uintptr_t)physical;

	*through_page = 'P';
	format_to(both_sink, NULL, "wrote 'P' at 0x%llx, read '%c' at physical 0x%llx\n",
		  EXAMPLE_ADDRESS, *through_frame, (unsigned long long)physical);
	*through_frame = 'F';
	format_to(both_sink, NULL, "wrote 'F' at physical 0x%llx, read '%c' at 0x%llx\n",
		  (unsigned long long)physical, *through_page, EXAMPLE_ADDRESS);
}
//! [worked example]

//! [uefi screen]
/*
 * Under UEFI the boot code added two mappings (common/text_screen.c): the
 * page at 0xb8000 now reaches the RAM cells it draws from, and the
 * framebuffer (outside the first 1 GiB under OVMF) is mapped where it is.
 */
static void walk_uefi_screen(const void *boot_info)
{
	const struct mb2_framebuffer_tag *fb = mb2_framebuffer(boot_info, SIZE_MAX);

	if (!text_screen_uses_framebuffer() || fb == NULL)
		return;
	format_to(both_sink, NULL, "UEFI: the text cells and the framebuffer\n");
	page_walk_print(0xb8000, both_sink, NULL);
	page_walk_print(fb->address, both_sink, NULL);
}
//! [uefi screen]

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	kernel_init();
	format_to(both_sink, NULL, "Lesson 08: paging\n");
	page_tables_dump(both_sink, NULL);
	walk_uefi_screen((const void *)(uintptr_t)boot_info);
	worked_example();
	serial_printf("lesson 08: done\n");

	for (;;) { /* echo keys, as in lesson 07 */
		char c = keyboard_wait_char();

		if (c == '\n' || (c >= ' ' && c <= '~'))
			console_write(&c, 1);
	}
}
