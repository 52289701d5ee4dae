# Host test of the exception report's text (lesson 05), printed through
# lesson 03's formatter.
HOST_TESTS += test_report_format
test_report_format_SOURCES = lessons/05-exceptions/report_format.c \
	lessons/05-exceptions/error_code.c lessons/05-exceptions/exception_table.c \
	lessons/03-vga-text/format.c common/lib/number.c
