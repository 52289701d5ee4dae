#!/bin/sh
# The course's GDB commands (tools/gdb) against the real lesson kernels:
# each command's output is checked after the kernel stopped where the
# command has something to show. See gdb_commands.py.
# usage: tests/debug/gdb_commands.sh BUILD_DIR [LESSON...]    (exit 0: passed)
exec /usr/bin/python3 "$(dirname "$0")/gdb_commands.py" "$@"
