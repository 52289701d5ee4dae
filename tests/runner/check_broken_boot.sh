#!/bin/sh
# The boot path can still fail: a GRUB image with a broken grub.cfg, and one
# whose kernel has a broken Multiboot2 header, are each a boot error.
# usage: tests/runner/check_broken_boot.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_broken_boot.py" "${1:-build/gcc}"
