# Lesson 08-paging: what its kernels change in lesson 07's files.
# Paths are relative to the repository root; `make lesson 8 sources`
# prints the whole list.

# Lesson 07's kernel and tests.
BASE = 07-hardware-interrupts

# This lesson's kernel_init (in ADD) takes the place of lesson 07's.
REMOVE = lessons/07-hardware-interrupts/init.c

# The page-table arithmetic and walker, the live page tables (walked,
# printed, and filled from a frame pool), the page-fault handler, and the
# in-kernel tests of the live tables.
ADD = \
	lessons/08-paging/paging.c \
	lessons/08-paging/page_tables.c \
	lessons/08-paging/page_tables_print.c \
	lessons/08-paging/frame_pool.c \
	lessons/08-paging/demand_paging.c \
	lessons/08-paging/page_fault.c \
	lessons/08-paging/page_tables_tests.c \
	lessons/08-paging/init.c

# The file with this lesson's kernel_main.
MAIN = lessons/08-paging/main.c
