/*
 * Lab 3.2's hidden variant (instructor-only, never in the handout): the
 * public test with other words, a longer line and text after the last
 * newline, so that the cursor ends in the middle of the bottom row. A
 * cursor made to fit the public test's writes fails it. tools/grade.py
 * boots it in place of lab_cursor.test.
 */
#define WORD	   "hello"
#define NEXT_WORD  "wxyz1"
#define LONG_WIDTH 97
#define LAST_WORD  "end"
#include "lab_cursor.c"
