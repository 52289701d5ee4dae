# Fuzz harness of the scancode decoder and the line editor (lesson 07).
FUZZ_TESTS += fuzz_keyboard
fuzz_keyboard_SOURCES = lessons/07-hardware-interrupts/scancode.c \
	lessons/07-hardware-interrupts/line_editor.c
