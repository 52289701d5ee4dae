/*
 * Lab 8.1's hidden variant (instructor-only, never in the handout): the
 * public test with another page, so that an unmap_page() written for
 * 0x600000000000 alone fails it. tools/grade.py boots it in place of
 * lab_unmap.test.
 */
#define LAB_UNMAP_PAGE 0x00007f5a3c2e1000ull /* level-4 index 254: nothing else there */
#include "lab_unmap.c"
