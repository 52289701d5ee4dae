# Lesson 08-paging: the files its kernels are built from.
# Paths are relative to the repository root. Compare two lessons with
#   diff lessons/07-hardware-interrupts/build.mk lessons/08-paging/build.mk

# Lesson 07's kernel (with this lesson's kernel_init in place of lesson
# 07's), then the page-table arithmetic and walker, the live page tables,
# and the page-fault handler.
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
	lessons/08-paging/paging.c \
	lessons/08-paging/page_tables.c \
	lessons/08-paging/demand_paging.c \
	lessons/08-paging/page_fault.c \
	lessons/08-paging/init.c

# The file with this lesson's kernel_main.
MAIN = lessons/08-paging/main.c

# The test kernel's entry: runs every KTEST above (make lesson 8 test).
KTEST_MAIN = lessons/04-testing/ktest_main.c
