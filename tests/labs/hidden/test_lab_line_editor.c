/*
 * Lab 7.1's hidden variant (instructor-only: tools/handout.py leaves it
 * out): tests/host/test_lab_line_editor.c with other buffer sizes and keys,
 * so that an editor that knows only the public cases' sizes fails. The
 * grader compiles it apart from the student's code and compares what it
 * observes with test_lab_line_editor.expected.
 */
#define TYPED_SIZE	  11
#define TYPED_KEYS	  "q~ 42 ok!"
#define ERASE_SIZE	  9
#define ERASE_TYPED	  "wxyz"
#define ERASE_COUNT	  4
#define ERASE_MORE	  "q~"
#define ERASE_LINE	  "q~"
#define EMPTY_SIZE	  5
#define EMPTY_TYPED	  "abcd"
#define ENTER_SIZE	  3
#define ENTER_LINE	  "ab"
#define ENTER_NEXT	  'Z'
#define FULL_SIZE	  8
#define FULL_TYPED	  "1234567"
#define FULL_EXTRA	  '8'
#define FULL_REPLACEMENT  'x'
#define FULL_LINE	  "123456x"
#define CONTROL_TYPED	  "ok"
#define CONTROL_KEYS	  { '\r', 0x7f, (char)0xff, 0x01 }
#include "../../host/test_lab_line_editor.c"
