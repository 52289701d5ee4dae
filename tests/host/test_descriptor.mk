# Host test of the GDT and TSS descriptors (lesson 06).
HOST_TESTS += test_descriptor
test_descriptor_SOURCES = lessons/06-double-faults/descriptor.c lessons/06-double-faults/gdt.c
