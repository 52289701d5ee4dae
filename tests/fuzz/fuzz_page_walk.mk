# Fuzz harness of the page-table walker and dump (lesson 08).
FUZZ_TESTS += fuzz_page_walk
fuzz_page_walk_SOURCES = lessons/08-paging/paging.c lessons/03-vga-text/format.c \
	common/lib/number.c
