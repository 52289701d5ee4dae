# Host test of the VGA text writer (lesson 03) over an ordinary array.
HOST_TESTS += test_vga
test_vga_SOURCES = lessons/03-vga-text/vga.c
