/*
 * Lesson 06's nested-NMI test kernel, run on this lesson's kernel: an NMI
 * that arrives after an exception inside the NMI handler has returned
 * waits until the first NMI is done.
 */
#include "../../06-double-faults/tests/nmi_nested.c"
