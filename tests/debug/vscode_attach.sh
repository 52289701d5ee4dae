#!/bin/sh
# The editor's debug configuration (.vscode/launch.json and its task)
# against lesson 02's kernel, through GDB's machine interface, as VS Code
# drives it. See vscode_attach.py.
# usage: tests/debug/vscode_attach.sh BUILD_DIR    (exit 0: passed)
exec "${PYTHON:-/usr/bin/python3}" -B "$(dirname "$0")/vscode_attach.py" "$@"
