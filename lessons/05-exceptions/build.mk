# Lesson 05-exceptions: what its kernels change in lesson 04's files.
# Paths are relative to the repository root; `make lesson 5 sources`
# prints the whole list.

# Lesson 04's kernel, test framework and tests.
BASE = 04-testing

# This lesson's emergency writers (in place of lesson 03's none, behind the
# same emergency_writer.h) let a console report reach the screen when an
# exception interrupts the console lock's holder: it writes beside it.
REPLACE = lessons/03-vga-text/emergency_writer.c=lessons/05-exceptions/emergency_writer.c

# This lesson's kernel_init (in ADD) takes the place of lesson 04's.
REMOVE = lessons/04-testing/init.c

# The IDT, the entry stubs, the exception reports and their tests.
# Integration tests (tests/*.c) are built from the whole list plus their
# own file.
ADD = \
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
