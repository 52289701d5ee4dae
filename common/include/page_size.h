/**
 * @file
 * The size of a page, defined once: the unit in which the boot code gives
 * memory its permissions, the size of a guard page (lesson 06) and of a
 * page table, and the smallest page of the x86-64 page tables (lesson 08).
 */
#ifndef PAGE_SIZE_H
#define PAGE_SIZE_H

/** 4 KiB, the smallest page (a huge page is 2 MiB or 1 GiB). */
#define PAGE_SIZE 0x1000ull

#endif
