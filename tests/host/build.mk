# Host unit tests: pure kernel code built for Linux and run under
# AddressSanitizer and UndefinedBehaviorSanitizer with cmocka.
# Each test_NAME.c lists the kernel sources it exercises in test_NAME_SOURCES.

HOST_TESTS = test_number test_multiboot2

test_number_SOURCES = common/lib/number.c
test_multiboot2_SOURCES = lessons/02-minimal-kernel/multiboot2.c
