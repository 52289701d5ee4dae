# Lesson 04-testing: what its kernels add to lesson 03's files.
# Paths are relative to the repository root; `make lesson 4 sources`
# prints the whole list.

# Lesson 03's kernel.
BASE = 03-vga-text

# The test framework (with the hook of kernels that expect a panic) and its
# tests. Integration tests (tests/*.c) are built
# from the whole list plus their own file.
ADD = \
	lessons/04-testing/qemu_exit.c \
	lessons/04-testing/serial_print.c \
	lessons/04-testing/ktest.c \
	lessons/04-testing/expect_panic.c \
	lessons/04-testing/host_checkpoint.c \
	lessons/04-testing/ubsan.c \
	lessons/04-testing/init.c \
	lessons/04-testing/ktest_tests.c \
	lessons/04-testing/console_tests.c

# The file with this lesson's kernel_main.
MAIN = lessons/04-testing/main.c

# The test kernel's entry: runs every KTEST in the list (make lesson 4
# test). Later lessons keep it.
KTEST_MAIN = lessons/04-testing/ktest_main.c
