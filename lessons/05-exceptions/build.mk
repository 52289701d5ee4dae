# Lesson 05-exceptions: the files its kernels are built from.
# Paths are relative to the repository root. Compare two lessons with
#   diff lessons/04-testing/build.mk lessons/05-exceptions/build.mk

# Lesson 04's kernel and test framework (with this lesson's kernel_init in
# place of lesson 04's), then the IDT, the entry stubs, the exception
# reports and their tests. Integration tests (tests/*.c) are built from
# these sources plus their own file.
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
	lessons/04-testing/ktest_tests.c \
	lessons/04-testing/console_tests.c \
	lessons/05-exceptions/interrupt_stubs.asm \
	lessons/05-exceptions/idt_gate.c \
	lessons/05-exceptions/idt.c \
	lessons/05-exceptions/exception_table.c \
	lessons/05-exceptions/error_code.c \
	lessons/05-exceptions/report_format.c \
	lessons/05-exceptions/backtrace.c \
	lessons/05-exceptions/exceptions.c \
	lessons/05-exceptions/expect_fault.c \
	lessons/05-exceptions/init.c \
	lessons/05-exceptions/interrupt_tests.c

# The file with this lesson's kernel_main.
MAIN = lessons/05-exceptions/main.c

# The test kernel's entry: runs every KTEST above (make lesson 5 test).
KTEST_MAIN = lessons/04-testing/ktest_main.c
