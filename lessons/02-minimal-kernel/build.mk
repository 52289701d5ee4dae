# Lesson 02-minimal-kernel: what its kernel adds to lesson 01's files.
# Paths are relative to the repository root; `make lesson 2 sources`
# prints the whole list.

# [build list]
# Lesson 01's kernel: the boot path (explained in this lesson) and
# freestanding support.
BASE = 01-freestanding

# Nothing to add: reading the boot information that GRUB hands over
# (multiboot2.c, explained in this lesson) is already in lesson 01's list,
# because the text screen under UEFI needs it to find the framebuffer.

# The file with this lesson's kernel_main.
MAIN = lessons/02-minimal-kernel/main.c
# [build list]
