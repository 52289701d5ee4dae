/*
 * Lesson 05's kprintf_fault test kernel, run on this lesson's kernel: a
 * fault inside kprintf() is reported, not lost to the console lock.
 */
#include "../../05-exceptions/tests/kprintf_fault.c"
