# Fuzz harness of the scancode decoder and the line editor (lesson 07).
FUZZ_TESTS += fuzz_keyboard
fuzz_keyboard_SOURCES = lessons/07-hardware-interrupts/scancode.c \
	lessons/07-hardware-interrupts/line_editor.c
# The line editor is lab 7.1's: a student tree's stub fails the harness's
# checks until the lab is solved, so tests/fuzz/run.sh skips it there.
fuzz_keyboard_LAB = 7.1
