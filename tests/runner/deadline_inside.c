/*
 * Runner self-test: exits at 1.95 s of guest time, just inside a 2 s guest
 * time limit (deadline.h): the verdict must be "passed".
 */
#include "deadline.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	finish_after_1s_plus("deadline_inside", 950);
}
