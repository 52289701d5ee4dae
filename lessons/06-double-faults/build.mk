# Lesson 06-double-faults: what its kernels change in lesson 05's files.
# Paths are relative to the repository root; `make lesson 6 sources`
# prints the whole list.

# Lesson 05's kernel and tests.
BASE = 05-exceptions

# This lesson's kernel_init (in ADD) takes the place of lesson 05's.
REMOVE = lessons/05-exceptions/init.c

# The GDT and TSS built in C, the double-fault handler on its IST stack,
# and their tests. Integration tests (tests/*.c) are built from the whole
# list plus their own file.
ADD = \
	lessons/06-double-faults/descriptor.c \
	lessons/06-double-faults/tss.c \
	lessons/06-double-faults/gdt.c \
	lessons/06-double-faults/double_fault.c \
	lessons/06-double-faults/nmi.c \
	lessons/06-double-faults/nmi_entry.asm \
	lessons/06-double-faults/stack_overflow.c \
	lessons/06-double-faults/init.c \
	lessons/06-double-faults/gdt_tests.c

# The file with this lesson's kernel_main.
MAIN = lessons/06-double-faults/main.c
