# Host test of common/lib/number.c. Each tests/host/test_NAME.mk adds the test
# to HOST_TESTS and names the kernel sources it exercises.
HOST_TESTS += test_number
test_number_SOURCES = common/lib/number.c
