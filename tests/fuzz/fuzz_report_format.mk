# Fuzz harness of the exception report's text (lesson 05).
FUZZ_TESTS += fuzz_report_format
fuzz_report_format_SOURCES = lessons/05-exceptions/report_format.c \
	lessons/05-exceptions/error_code.c lessons/05-exceptions/exception_table.c \
	lessons/03-vga-text/format.c common/lib/number.c
