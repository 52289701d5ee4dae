/*
 * Lab 6.2's hidden variant (instructor-only, never in the handout): the
 * public test with another amount of the double-fault stack used before
 * the count, so that a count made up to fit the public test fails it.
 * tools/grade.py boots it in place of lab_stack_use.test.
 */
#define EXTRA_STACK 2872
#include "lab_stack_use.c"
