# Host test of the printf-style formatter (lesson 03), which uses number.c.
HOST_TESTS += test_format
test_format_SOURCES = lessons/03-vga-text/format.c common/lib/number.c
