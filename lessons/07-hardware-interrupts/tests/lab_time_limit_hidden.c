/*
 * Lab 7.2's hidden variant (instructor-only, never in the handout): the
 * public test with another time limit and another name for the endless
 * test, so that a watchdog written for 500 ms, or a panic message written
 * for the public name, fails it. tools/grade.py boots it in place of
 * lab_time_limit.test.
 */
#define LIMIT_MS 300
#define ENDLESS lab_time_limit_spins_forever
#include "lab_time_limit.c"
