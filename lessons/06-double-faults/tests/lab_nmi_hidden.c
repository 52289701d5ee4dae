/*
 * Lab 6.1's hidden variant (instructor-only, never in the handout): the
 * public test with the IST stacks moved by three pages and more of data,
 * so that an IST2 set to the public test's address of nmi_stack fails it.
 * tools/grade.py boots it in place of lab_nmi.test.
 */
#define LAYOUT_PADDING (3 * 4096 + 160)
#include "lab_nmi.c"
