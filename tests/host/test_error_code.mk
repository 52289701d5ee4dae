# Host test of the exception table and the error-code decoders (lesson 05).
HOST_TESTS += test_error_code
test_error_code_SOURCES = lessons/05-exceptions/exception_table.c lessons/05-exceptions/error_code.c
