# Host test of the page-table arithmetic, entry decoding and walker (lesson 08).
HOST_TESTS += test_paging
test_paging_SOURCES = lessons/08-paging/paging.c lessons/03-vga-text/format.c \
	common/lib/number.c
