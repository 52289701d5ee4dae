# Lab 3.1's host test: backspace and tab in the VGA writer (lesson 03).
HOST_TESTS += test_lab_vga_control
test_lab_vga_control_SOURCES = lessons/03-vga-text/vga.c
