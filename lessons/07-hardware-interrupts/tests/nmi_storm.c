/*
 * Lesson 06's NMI storm test kernel, run on this lesson's kernel: NMIs
 * that interrupt the console lock's holder are reported and resumed.
 */
#include "../../06-double-faults/tests/nmi_storm.c"
