# Host test of the scancode set 1 decoder (lesson 07).
HOST_TESTS += test_scancode
test_scancode_SOURCES = lessons/07-hardware-interrupts/scancode.c
