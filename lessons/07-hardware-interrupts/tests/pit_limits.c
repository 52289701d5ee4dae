/*
 * Integration test kernel: the PIT serves its fastest documented rate and
 * refuses a faster one.
 *
 * At PIT_MAX_HZ the kernel sleeps 100 ticks (they must arrive; how fast is
 * not judged, a loaded host may run the guest slowly). Then it asks for
 * 238 kHz, a rate at which a torture run of QEMU lost keyboard interrupts:
 * pit_set_frequency() must panic, and this kernel's panic hook turns that
 * panic into success. Returning instead fails the test.
 */
#include <stdint.h>
#include "kernel_init.h"
#include "panic.h"
#include "pit.h"
#include "qemu_exit.h"
#include "serial_print.h"

#define TEST_NAME "pit_refuses_238_khz"
/* A rate the PIT can be programmed for (divisor 5) but the kernel cannot serve. */
#define UNSERVED_HZ 238000u

void kernel_main(uint32_t magic, uint64_t boot_info);

static void panic_means_success(const char *message)
{
	(void)message; /* panic() already sent it to serial */
	serial_printf(TEST_NAME " ... [ok]\n");
	qemu_exit(QEMU_EXIT_SUCCESS);
}

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

	panic_set_hook(panic_means_success);
	serial_printf("%s: pit_set_frequency(%u) must panic\n", TEST_NAME, UNSERVED_HZ);
	pit_set_frequency(UNSERVED_HZ);

	/* Still here: the reason first, then the result line (as ktest.c does). */
	pit_set_frequency(PIT_DEFAULT_HZ);
	serial_printf("%s:%d: pit_set_frequency(%u) returned instead of panicking\n", __FILE__,
		      __LINE__, UNSERVED_HZ);
	serial_printf(TEST_NAME " ... [failed]\n");
	qemu_exit(QEMU_EXIT_FAILURE);
}
