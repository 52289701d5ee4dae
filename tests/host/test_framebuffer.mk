# Host test of the framebuffer console's drawing (common/framebuffer.c) over
# an ordinary array, with the generated code page 437 font.
HOST_TESTS += test_framebuffer
test_framebuffer_SOURCES = common/framebuffer.c build/font/cp437_8x16.c
