#!/bin/sh
# boot32.asm's boot error reaches serial even when the firmware left the
# UART with its divisor latch selected: boot_error programs COM1 first
# (review S16).
# usage: tests/runner/check_boot_error_uart.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_boot_error_uart.py" "${1:-build/gcc}"
