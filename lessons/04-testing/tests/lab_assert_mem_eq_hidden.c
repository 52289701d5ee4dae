/*
 * Lab 4.1's hidden variant (instructor-only, never in the handout): the
 * public test with another first difference and other names, so that a
 * message written for the public test's bytes fails it. tools/grade.py
 * boots it in place of lab_assert_mem_eq.test.
 */
#define ACTUAL { 1, 2, 0xf3, 4, 5, 0x66, 7, 0x88 }
#define AT 2
#define NAME_A "wanted"
#define NAME_B "got"
#include "lab_assert_mem_eq.c"
