/*
 * Lab 8.2's hidden variant (instructor-only, never in the handout): the
 * public test touching other pages of the region, so that a handler written
 * for pages 0 and 5 alone fails it. tools/grade.py boots it in place of
 * lab_demand_paging.test.
 */
#define LAB_DEMAND_READ_PAGE 4
#define LAB_DEMAND_WRITE_PAGE 1
#include "lab_demand_paging.c"
