# Host test of the direct boot's translation into Multiboot2 (common/boot/pvh.c).
HOST_TESTS += test_pvh
test_pvh_SOURCES = common/boot/pvh.c common/multiboot2_tags.c lessons/02-minimal-kernel/multiboot2.c
