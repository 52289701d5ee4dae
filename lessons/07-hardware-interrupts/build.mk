# Lesson 07-hardware-interrupts: the files its kernels are built from.
# Paths are relative to the repository root. Compare two lessons with
#   diff lessons/06-double-faults/build.mk lessons/07-hardware-interrupts/build.mk

# Lesson 06's kernel, with two files replaced: this lesson's kernel_init,
# and this lesson's spinlock.c (interrupts off while a lock is held) in
# place of lesson 03's, behind the same spinlock.h. Then the PICs, the IRQ
# routing, the timer and the keyboard.
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
	lessons/07-hardware-interrupts/spinlock.c \
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
	lessons/05-exceptions/interrupt_tests.c \
	lessons/06-double-faults/descriptor.c \
	lessons/06-double-faults/tss.c \
	lessons/06-double-faults/gdt.c \
	lessons/06-double-faults/double_fault.c \
	lessons/06-double-faults/nmi.c \
	lessons/06-double-faults/stack_overflow.c \
	lessons/06-double-faults/gdt_tests.c \
	lessons/07-hardware-interrupts/pic.c \
	lessons/07-hardware-interrupts/irq.c \
	lessons/07-hardware-interrupts/pit.c \
	lessons/07-hardware-interrupts/scancode.c \
	lessons/07-hardware-interrupts/keyboard.c \
	lessons/07-hardware-interrupts/line_editor.c \
	lessons/07-hardware-interrupts/ktest_watchdog.c \
	lessons/07-hardware-interrupts/init.c

# The file with this lesson's kernel_main.
MAIN = lessons/07-hardware-interrupts/main.c

# The test kernel's entry: runs every KTEST above (make lesson 7 test).
KTEST_MAIN = lessons/04-testing/ktest_main.c
