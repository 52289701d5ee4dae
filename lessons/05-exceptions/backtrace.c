/*
 * Walking the frame-pointer chain, checking every pointer before reading
 * through it: an exception report must not fault because the stack it
 * describes is corrupt.
 */
#include <stdbool.h>
#include "backtrace.h"
#include "kernel_layout.h"

// LAB 5.2 BEGIN: which frame pointers and return addresses to believe
/* Can a frame (saved RBP, return address) be read at rbp? Inside the
 * image, but not in one of its unmapped guard pages, where a corrupt RBP
 * could point and the report itself would fault. */
static bool frame_readable(uint64_t rbp)
{
	return rbp % 8 == 0 && rbp >= (uintptr_t)__kernel_start &&
	       rbp + 16 <= (uintptr_t)__kernel_end && !kernel_guard_page(rbp) &&
	       !kernel_guard_page(rbp + 15);
}

/* Is this a return address into the kernel's code? */
static bool in_text(uint64_t address)
{
	return address >= (uintptr_t)__text_start && address < (uintptr_t)__text_end;
}
// LAB 5.2 STUB
// LAB 5.2 END

size_t backtrace_walk(uint64_t rbp, uint64_t *addresses, size_t max)
{
	// LAB 5.2 BEGIN: follow the frame pointers
	size_t count = 0;

	while (count < max && rbp != 0 && frame_readable(rbp)) {
		const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;
		uint64_t next = frame[0], return_address = frame[1];

		if (!in_text(return_address))
			break;
		addresses[count++] = return_address;
		if (next <= rbp)
			break;	/* a caller's frame lies higher: anything else is a loop */
		rbp = next;
	}
	return count;
	// LAB 5.2 STUB
	// (void)rbp;
	// (void)addresses;
	// (void)max;
	// return 0; /* lab 5.2: no frames until the walk is written */
	// LAB 5.2 END
}
