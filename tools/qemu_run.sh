#!/bin/sh
# Boots a lesson's ISO in QEMU for a person to look at.
# usage: tools/qemu_run.sh LESSON ISO
# With a graphical display (DISPLAY or WAYLAND_DISPLAY set) QEMU opens a
# window and the serial port prints in this terminal; without one, the
# screen is drawn in this terminal with curses and serial goes to a log file.
set -eu
lesson=$1
iso=$2
log=${iso%.iso}.serial.log

common="-accel tcg -m 128M -no-reboot -cdrom $iso -device isa-debug-exit,iobase=0xf4,iosize=0x04"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	echo "Booting lesson $lesson in a QEMU window. To quit: close the window (or press Ctrl+C here)."
	# shellcheck disable=SC2086
	exec qemu-system-x86_64 $common -serial stdio
fi
if [ ! -t 1 ]; then
	echo "error: no display and no terminal to draw the screen in; use 'make lesson N test' for a headless boot" >&2
	exit 1
fi
echo "Booting lesson $lesson in this terminal. To quit: press Alt+2 (or Esc, then 2) for the QEMU monitor, type quit, press Enter."
echo "Serial output goes to $log"
sleep 2
# shellcheck disable=SC2086
qemu-system-x86_64 $common -display curses -serial "file:$log" || true
# The guest may exit through the isa-debug-exit device: (value << 1) | 1.
echo "QEMU stopped. Serial output: $log"
