# Lesson 04-testing: the files its kernels are built from.
# Paths are relative to the repository root. Compare two lessons with
#   diff lessons/03-vga-text/build.mk lessons/04-testing/build.mk

# Lesson 03's kernel, then the test framework and its tests. Integration
# tests (tests/*.c) are built from these sources plus their own file.
KERNEL_SOURCES = \
	common/boot/multiboot2_header.asm \
	common/boot/boot32.asm \
	common/boot/long_mode.asm \
	common/lib/string.c \
	common/lib/number.c \
	common/panic.c \
	common/serial.c \
	lessons/02-minimal-kernel/multiboot2.c \
	common/boot/boot_map.c \
	common/framebuffer.c \
	build/font/cp437_8x16.c \
	common/text_screen.c \
	lessons/03-vga-text/vga.c \
	lessons/03-vga-text/format.c \
	lessons/03-vga-text/spinlock.c \
	lessons/03-vga-text/console.c \
	lessons/03-vga-text/cursor.c \
	lessons/04-testing/qemu_exit.c \
	lessons/04-testing/serial_print.c \
	lessons/04-testing/ktest.c \
	lessons/04-testing/init.c \
	lessons/04-testing/ktest_tests.c \
	lessons/04-testing/console_tests.c

# The file with this lesson's kernel_main.
MAIN = lessons/04-testing/main.c

# The test kernel's entry: runs every KTEST above (make lesson 4 test).
KTEST_MAIN = lessons/04-testing/ktest_main.c
