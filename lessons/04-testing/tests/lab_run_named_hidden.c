/*
 * Lab 4.2's hidden variant (instructor-only, never in the handout): the
 * public test with other names, the unknown one a prefix of a real one, so
 * that a ktest_run_named() written for the public names alone, or one that
 * compares only a prefix, fails it. tools/grade.py boots it in place of
 * lab_run_named.test.
 */
#define CHOSEN lab_run_named_second_pick
#define NOT_CHOSEN lab_run_named_first_pick
#define UNKNOWN "lab_run_named_second"
#include "lab_run_named.c"
