#!/bin/sh
# The debug path, automated: GDB attaches to a paused lesson 02, stops at
# kernel_main, steps a line, prints the Multiboot2 magic and takes a
# backtrace, as a student does after `make lesson 2 debug`.
# usage: tests/debug/gdb_test.sh BUILD_DIR    (exit 0: passed)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
build=${1:-build/gcc}
elf=$build/02-minimal-kernel/kernel.elf
iso=$build/02-minimal-kernel/kernel.iso
work=$(mktemp -d)
qemu=
trap '[ -z "$qemu" ] || kill $qemu 2>/dev/null; rm -rf "$work"' EXIT
for f in "$elf" "$iso"; do
	[ -f "$f" ] || { echo "image not built: $f"; exit 1; }
done
# A free TCP port, so parallel runs and other users do not collide.
port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

qemu-system-x86_64 -accel tcg -m 128M -display none -no-reboot -cdrom "$iso" \
	-serial "file:$work/serial.log" -S -gdb "tcp:127.0.0.1:$port" 2> "$work/qemu.log" &
qemu=$!
sleep 0.5
# GDB's exit status says little (it is 0 even when a command fails), so the
# test reads what GDB printed, as a person would.
timeout 90 gdb -q -nx -batch \
	-ex 'set pagination off' -ex "file $elf" -ex "target remote 127.0.0.1:$port" \
	-ex 'hbreak kernel_main' -ex continue -ex next -ex 'print/x magic' -ex bt \
	> "$work/gdb.log" 2>&1

failed=0
expect() {
	if ! grep -q -- "$1" "$work/gdb.log"; then
		echo "missing in GDB's output: $2"
		failed=1
	fi
}
expect 'Breakpoint 1, kernel_main (magic=920085129' "a stop at kernel_main with the magic argument"
expect '^[0-9]*	.*serial_init();' "the next source line after 'next'"
expect '^\$1 = 0x36d76289$' "print/x magic = 0x36d76289"
expect '^#0  kernel_main ' "frame #0 in kernel_main"
expect '^#1  .* in long_mode_start () at common/boot/long_mode.asm' "frame #1 in long_mode_start"
# The walk must end at long_mode_start, the outermost frame (its CFI in
# long_mode.asm says so): no made-up frame after it, such as the
# "#2  0x0000000000000000 in ?? ()" GDB showed before that CFI existed.
if grep -q -e '^#2' -e 'Backtrace stopped' -e 'Cannot access memory' "$work/gdb.log"; then
	echo "the backtrace does not end at long_mode_start"
	failed=1
fi
if [ $failed -ne 0 ]; then
	echo "--- GDB printed:"
	cat "$work/gdb.log"
	exit 1
fi
echo "gdb: stopped at kernel_main, stepped, printed the magic, backtrace ends at long_mode_start"
