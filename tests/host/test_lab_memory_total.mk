# Lab 2.1's host test: mb2_available_memory() adds up the usable RAM (lesson 02).
HOST_TESTS += test_lab_memory_total
test_lab_memory_total_SOURCES = common/multiboot2_tags.c lessons/02-minimal-kernel/multiboot2.c
