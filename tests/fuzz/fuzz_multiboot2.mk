# Fuzz harness of the Multiboot2 tag walker (lesson 02).
FUZZ_TESTS += fuzz_multiboot2
fuzz_multiboot2_SOURCES = common/multiboot2_tags.c lessons/02-minimal-kernel/multiboot2.c
