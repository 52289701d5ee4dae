/*
 * Integration test kernel: the PIT serves its fastest documented rate and
 * refuses a faster one.
 *
 * At PIT_MAX_HZ the kernel sleeps 100 ticks (they must arrive; how fast is
 * not judged, a loaded host may run the guest slowly). Then it asks for
 * 238 kHz, a rate at which a torture run of QEMU lost keyboard interrupts:
 * pit_set_frequency() must panic, and expect_panic()'s hook turns that
 * panic into success. Returning instead fails the test.
 */
#include <stdint.h>
#include "expect_panic.h"
#include "kernel_init.h"
#include "pit.h"
#include "serial_print.h"

#define TEST_NAME "pit_refuses_238_khz"
/* A rate the PIT can be programmed for (divisor 5) but the kernel cannot serve. */
#define UNSERVED_HZ 238000u

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	pit_set_frequency(PIT_MAX_HZ);
	pit_sleep(100);
	serial_printf("pit limits: 100 ticks at %u Hz asked, %u Hz programmed\n", PIT_MAX_HZ,
		      pit_frequency());
	pit_set_frequency(PIT_DEFAULT_HZ);

	expect_panic(TEST_NAME);
	serial_printf("%s: pit_set_frequency(%u) must panic\n", TEST_NAME, UNSERVED_HZ);
	pit_set_frequency(UNSERVED_HZ);

	pit_set_frequency(PIT_DEFAULT_HZ);
	expect_panic_missing(__FILE__, __LINE__, "pit_set_frequency(238000) returned");
}
