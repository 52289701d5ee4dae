# Fuzz harness of the formatter (lesson 03).
FUZZ_TESTS += fuzz_format
fuzz_format_SOURCES = lessons/03-vga-text/format.c common/lib/number.c
