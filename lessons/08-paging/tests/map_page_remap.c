/*
 * Integration test kernel: map_page() refuses to replace a mapping.
 *
 * Mapping a page that is already mapped would silently point it at another
 * frame, and every pointer into the old frame would now see different
 * memory. map_page() panics instead (as xv6 does with "remap"); moving a
 * page is unmap_page() followed by map_page(). The test passes only if the
 * second map_page() panics.
 */
#include <stdint.h>
#include "expect_panic.h"
#include "kernel_init.h"
#include "page_tables.h"
#include "serial_print.h"

#define TEST_NAME "map_page_refuses_to_remap"
#define PAGE	  0x803FE80000ull

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	map_page(PAGE, frame_alloc(), PTE_WRITABLE | PTE_NO_EXECUTE);
	expect_panic(TEST_NAME);
	serial_printf("%s: mapping 0x%llx a second time must panic\n", TEST_NAME, PAGE);
	map_page(PAGE, frame_alloc(), PTE_WRITABLE | PTE_NO_EXECUTE);

	expect_panic_missing(__FILE__, __LINE__, "map_page replaced a mapping");
}
