# Lesson 07-hardware-interrupts: what its kernels change in lesson 06's files.
# Paths are relative to the repository root; `make lesson 7 sources`
# prints the whole list.

# Lesson 06's kernel and tests.
BASE = 06-double-faults

# This lesson's spinlock.c (interrupts off while a lock is held) in place
# of lesson 03's, behind the same spinlock.h.
REPLACE = lessons/03-vga-text/spinlock.c=lessons/07-hardware-interrupts/spinlock.c

# This lesson's kernel_init (in ADD) takes the place of lesson 06's.
REMOVE = lessons/06-double-faults/init.c

# The PICs, the local APIC's virtual wire mode, the IRQ routing, the timer and the keyboard, and the in-kernel
# tests of the IRQs, the timer and the spinlock.
ADD = \
	lessons/07-hardware-interrupts/pic.c \
	lessons/07-hardware-interrupts/lapic.c \
	lessons/07-hardware-interrupts/irq.c \
	lessons/07-hardware-interrupts/pit.c \
	lessons/07-hardware-interrupts/scancode.c \
	lessons/07-hardware-interrupts/keyboard.c \
	lessons/07-hardware-interrupts/line_editor.c \
	lessons/07-hardware-interrupts/ktest_watchdog.c \
	lessons/07-hardware-interrupts/irq_tests.c \
	lessons/07-hardware-interrupts/spinlock_tests.c \
	lessons/07-hardware-interrupts/init.c

# The file with this lesson's kernel_main.
MAIN = lessons/07-hardware-interrupts/main.c
