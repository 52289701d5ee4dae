#!/bin/sh
# Boots a lesson paused and attaches GDB, stopped at kernel_main.
# usage: tools/qemu_debug.sh LESSON KERNEL.elf ISO    (GDB=no: QEMU only)
set -eu
lesson=$1
elf=$2
iso=$3
dir=$(dirname "$elf")
log=$dir/debug.serial.log
gdbinit=$dir/gdbinit
# One port per user (as xv6 does), so students sharing a machine don't
# collide; GDB_PORT=... chooses another.
port=${GDB_PORT:-$(( $(id -u) % 5000 + 25000 ))}

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then display=""; else display="-display none"; fi
# FIRMWARE=uefi (make lesson N debug FIRMWARE=uefi): OVMF instead of SeaBIOS.
firmware=""
if [ "${FIRMWARE:-bios}" = uefi ]; then
	firmware="-bios /usr/share/ovmf/OVMF.fd"
	if [ ! -f /usr/share/ovmf/OVMF.fd ]; then
		echo "error: UEFI firmware /usr/share/ovmf/OVMF.fd not found: install the ovmf package" >&2
		exit 1
	fi
	if [ -n "$display" ]; then
		# No text mode for a terminal: serve the framebuffer over VNC.
		vnc=${VNC_DISPLAY:-$(( $(id -u) % 5000 + 20 ))}
		display="-display none -vnc 127.0.0.1:$vnc"
	fi
fi
# -S: do not start the CPU; -gdb: wait for GDB on our port. setsid puts
# QEMU in its own session, so Ctrl+C in this terminal reaches GDB (which
# then stops the kernel) and not QEMU.
# shellcheck disable=SC2086
setsid qemu-system-x86_64 -accel tcg -m 128M -no-reboot -cdrom "$iso" $display $firmware \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial "file:$log" \
	-S -gdb "tcp:127.0.0.1:$port" 2> "$dir/debug.qemu.log" &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT INT TERM HUP
sleep 0.5
if ! kill -0 $qemu 2>/dev/null; then
	cat "$dir/debug.qemu.log" >&2
	echo "error: QEMU did not start (above). If port $port is taken by another debug session, run: make lesson $lesson debug GDB_PORT=<another port>" >&2
	exit 1
fi

# GDB=no (make lesson N debug GDB=no): QEMU alone, for an editor's debugger
# to attach to (.vscode/launch.json); it runs until QEMU ends or Ctrl+C.
if [ "${GDB:-}" = no ]; then
	echo "Lesson $lesson is paused in QEMU, waiting for a debugger on 127.0.0.1:$port. Serial output: $log"
	wait $qemu || true
	exit 0
fi

# The course's GDB commands (vga, idt, gdt, tss, pagewalk, ptdump, intframe,
# pic, multiboot; see book/gdb.md), from this tree's tools/gdb.
commands=$(cd "$(dirname "$0")" && pwd)/gdb/os_course.py

cat > "$gdbinit" <<GDB
set pagination off
set confirm off
file $elf
source $commands
target remote 127.0.0.1:$port
# A hardware breakpoint: the kernel is not in memory yet, so a software
# breakpoint (an int3 written into the code) would be overwritten by GRUB.
hbreak kernel_main
continue
GDB
echo "Lesson $lesson is paused in QEMU; GDB stops at kernel_main. Serial output: $log"
echo "Try: next, step, bt, info registers, continue; Ctrl+C interrupts; quit leaves GDB and QEMU."
echo "The course's commands: vga, idt, gdt, tss, pagewalk ADDR, ptdump, intframe, pic, multiboot (help os-course)."
if [ -n "$firmware" ]; then
	echo "UEFI: the firmware takes several seconds before GRUB starts the kernel and GDB stops."
	[ -z "$display" ] || echo "The screen: a VNC viewer on this machine, e.g. 'vncviewer localhost:$vnc'."
elif [ -n "$display" ]; then
	echo "(No display here: the screen is not shown; 'make lesson N run' shows it.)"
fi
gdb -q -nx -x "$gdbinit"
