# Lab 2.2's host test: mb2_option() finds options on the command line (lesson 02).
HOST_TESTS += test_lab_command_line
test_lab_command_line_SOURCES = common/multiboot2_tags.c lessons/02-minimal-kernel/multiboot2.c
