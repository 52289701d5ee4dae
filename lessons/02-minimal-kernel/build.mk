# Lesson 02-minimal-kernel: what its kernel adds to lesson 01's files.
# Paths are relative to the repository root; `make lesson 2 sources`
# prints the whole list.

# [build list]
# Lesson 01's kernel: the boot path (explained in this lesson) and
# freestanding support.
BASE = 01-freestanding

# Reading the boot information that GRUB hands over: the walk over its
# tags, strings, the memory map and options. (Finding one tag is already in
# lesson 01's list, common/multiboot2_tags.c, because the text screen under
# UEFI needs it to find the framebuffer.)
ADD = lessons/02-minimal-kernel/multiboot2.c

# The file with this lesson's kernel_main.
MAIN = lessons/02-minimal-kernel/main.c
# [build list]
