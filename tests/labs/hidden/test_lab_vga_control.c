/*
 * Lab 3.1's hidden variant (instructor-only: tools/handout.py leaves it
 * out): tests/host/test_lab_vga_control.c on a writer of another size
 * (37 columns, 6 rows) in other colours, so that a vga_write_char() written
 * for the public cases alone (80 columns, grey) fails. The grader compiles
 * it apart from the student's code and compares what it observes with
 * test_lab_vga_control.expected.
 */
#define WIDTH	 37
#define HEIGHT	 6
#define START_FG VGA_GREEN
#define START_BG VGA_BLUE
#define LATER_FG VGA_YELLOW
#define LATER_BG VGA_RED
#include "../../host/test_lab_vga_control.c"
