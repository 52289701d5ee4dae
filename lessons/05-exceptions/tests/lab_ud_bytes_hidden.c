/*
 * Lab 5.1's hidden variant (instructor-only, never in the handout): the
 * public test with other bytes after ud2, so that a report that prints the
 * public test's bytes without reading them fails it. tools/grade.py boots
 * it in place of lab_ud_bytes.test.
 */
#define BYTES 0x5a, 0x00, 0xc3, 0x91
#include "lab_ud_bytes.c"
