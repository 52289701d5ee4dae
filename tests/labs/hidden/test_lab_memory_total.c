/*
 * Lab 2.1's hidden variant (instructor-only: tools/handout.py leaves it
 * out): tests/host/test_lab_memory_total.c with other maps -- QEMU's
 * 512 MiB with ACPI regions, bad RAM and NVS, 64 GiB, 40-byte entries --
 * so that a total written for the public maps fails. The grader compiles
 * it apart from the student's code and compares what it observes with
 * test_lab_memory_total.expected.
 */
#define QEMU_MAP                                                                      \
	{                                                                             \
		{ 0x0, 0x9f000, MB2_MEMORY_AVAILABLE },	  { 0x9f000, 0x1000, 2 },     \
		{ 0xe8000, 0x18000, 2 },		  { 0x100000, 0x1fe00000, MB2_MEMORY_AVAILABLE }, \
		{ 0x1ff00000, 0x80000, 3 },		  { 0x1ff80000, 0x80000, 4 }, \
		{ 0xfeffc000, 0x4000, 2 },                                            \
	}
#define QEMU_TOTAL (0x9f000 + 0x1fe00000)
#define TYPES_MAP { { 0x0, 0x100000, 2 }, { 0x100000, 0x100000, 4 }, { 0x200000, 0x1000, 5 } }
#define TYPES_TOTAL 0
#define BIG_MAP                                                                       \
	{                                                                             \
		{ 0x0, 0x80000, MB2_MEMORY_AVAILABLE },                               \
		{ 0x100000000ull, 0xf00000000ull, MB2_MEMORY_AVAILABLE },             \
		{ 0x1000000000ull, 0x100000000ull, MB2_MEMORY_AVAILABLE },            \
	}
#define BIG_TOTAL (0x80000 + 0xf00000000ull + 0x100000000ull)
#define WIDE_MAP { { 0x200000, 0x3fe00000, MB2_MEMORY_AVAILABLE }, { 0x40000000, 0x1000, 5 } }
#define WIDE_ENTRY 40
#define WIDE_TOTAL 0x3fe00000
#include "../../host/test_lab_memory_total.c"
