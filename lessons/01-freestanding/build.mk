# Lesson 01-freestanding: the files its kernel is built from.
# Paths are relative to the repository root. Every later lesson's build.mk
# names the lesson it builds on and only what it changes;
# `make lesson N sources` prints a lesson's whole list.

# The boot path (explained in lesson 02: GRUB's and QEMU's direct boot)
# with its text screen for UEFI (common/text_screen.c, which finds the
# framebuffer with common/multiboot2_tags.c), and freestanding support.
# Everything here is in common/: no file of a later lesson.
# [build list]
KERNEL_SOURCES = \
	common/boot/multiboot2_header.asm \
	common/boot/pvh_note.asm \
	common/boot/boot32.asm \
	common/boot/long_mode.asm \
	common/lib/string.c \
	common/lib/number.c \
	common/panic.c \
	common/serial.c \
	common/multiboot2_tags.c \
	common/boot/boot_map.c \
	common/boot/pvh.c \
	common/boot/boot_info.c \
	common/framebuffer.c \
	build/font/cp437_8x16.c \
	common/text_screen.c

# The file with this lesson's kernel_main.
MAIN = lessons/01-freestanding/main.c
# [build list]
