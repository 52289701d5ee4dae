/*
 * Lesson 05's kprintf_fault test kernel, run on this lesson's kernel: a
 * fault inside kprintf() is reported, not lost to the console lock, and
 * the report includes the page walk of CR2, on serial and on screen.
 */
#define KPRINTF_FAULT_MORE_ON_SCREEN                                                               \
	"page walk of CR2:", "-> not mapped: the level-4 entry is not present"
#include "../../05-exceptions/tests/kprintf_fault.c"
