# Lab 7.1's host test: the line editor of the keyboard (lesson 07).
HOST_TESTS += test_lab_line_editor
test_lab_line_editor_SOURCES = lessons/07-hardware-interrupts/line_editor.c
