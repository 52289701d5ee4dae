/*
 * Runner self-test: exits at 2.05 s of guest time, just outside a 2 s guest
 * time limit (deadline.h): the verdict must be "hang".
 */
#include "deadline.h"

void kernel_main(uint32_t magic, uint64_t boot_info);

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	finish_after_1s_plus("deadline_outside", 1050);
}
