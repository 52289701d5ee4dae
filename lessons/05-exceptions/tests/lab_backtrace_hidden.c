/*
 * Lab 5.2's hidden variant (instructor-only, never in the handout): the
 * public test with the breakpoint one call deeper, in functions of other
 * names, another maximum for the walk and a corrupt frame pointer into
 * another guard page, so that a backtrace made up to fit the public test
 * fails it. tools/grade.py boots it in place of
 * lab_backtrace.test.
 */
#define GUARD	      __double_fault_stack_guard
#define GUARD_OFFSET  3000
#define STOP_AT 3
#define REPORT_INNER checksum_trap
#define REPORT_MIDDLE checksum_row
#define REPORT_OUTER checksum_table
#include "lab_backtrace.c"
