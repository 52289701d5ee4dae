# Host test of the Multiboot2 tag walker (lesson 02).
HOST_TESTS += test_multiboot2
test_multiboot2_SOURCES = common/multiboot2_tags.c lessons/02-minimal-kernel/multiboot2.c
