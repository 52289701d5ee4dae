# Lesson 03-vga-text: what its kernel adds to lesson 02's files.
# Paths are relative to the repository root; `make lesson 3 sources`
# prints the whole list.

# Lesson 02's kernel: the boot path, freestanding support and the boot
# information.
BASE = 02-minimal-kernel

# The VGA text writer, formatted printing, the lock that keeps two writers
# apart, the console on top of them, its reports that never wait for the
# lock (the panic's) with no emergency writer yet, and the hardware cursor.
ADD = \
	lessons/03-vga-text/vga.c \
	lessons/03-vga-text/format.c \
	lessons/03-vga-text/spinlock.c \
	lessons/03-vga-text/console.c \
	lessons/03-vga-text/console_report.c \
	lessons/03-vga-text/emergency_writer.c \
	lessons/03-vga-text/cursor.c

# The file with this lesson's kernel_main.
MAIN = lessons/03-vga-text/main.c
