# Lesson 03-vga-text: the files its kernel is built from.
# Paths are relative to the repository root. Compare two lessons with
#   diff lessons/02-minimal-kernel/build.mk lessons/03-vga-text/build.mk

# The boot path, freestanding support and lesson 02's boot information.
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
	lessons/03-vga-text/cursor.c

# The file with this lesson's kernel_main.
MAIN = lessons/03-vga-text/main.c
