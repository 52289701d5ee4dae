#!/bin/sh
# Boots a lesson paused and attaches GDB, stopped at kernel_main.
# usage: [BOOT=direct] [GDB=no] tools/qemu_debug.sh LESSON KERNEL.elf ISO
# BOOT=direct starts KERNEL.elf with QEMU's -kernel (its PVH note), no GRUB.
# GDB=no starts QEMU alone, paused, for an editor's debugger to attach.
set -eu
lesson=$1
elf=$2
iso=$3
dir=$(dirname "$elf")
PYTHON=${PYTHON:-python3}
# One port per user (as xv6 does), so students sharing a machine don't
# collide; GDB_PORT=... chooses another.
port=${GDB_PORT:-$(( $(id -u) % 5000 + 25000 ))}
# A taken port ends here, before anything is started or written: a second
# session must not touch the first one's files, nor attach to its QEMU.
# (QEMU binds with SO_REUSEADDR; so does this check.)
if ! "$PYTHON" -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null; then
	echo "error: port $port is taken, probably by another debug session: end it, or run: make lesson $lesson debug GDB_PORT=<another port>" >&2
	exit 1
fi
# Each session's files are named by its port, which no other running
# session holds.
log=$dir/debug-$port.serial.log
qemu_log=$dir/debug-$port.qemu.log
gdbinit=$dir/gdbinit-$port
run=$(mktemp -d)        # QEMU's control socket
qemu=
cleanup() {
	[ -z "$qemu" ] || kill "$qemu" 2>/dev/null || true
	rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 129' HUP
trap 'exit 143' TERM

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
image="-cdrom $iso"
[ "${BOOT:-grub}" != direct ] || image="-kernel $elf"
# shellcheck disable=SC2086
setsid qemu-system-x86_64 -accel tcg -m 128M -no-reboot $image $display $firmware \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial "file:$log" \
	-qmp "unix:$run/qmp.sock,server=on,wait=off" \
	-S -gdb "tcp:127.0.0.1:$port" 2> "$qemu_log" &
qemu=$!
# Wait until QEMU answers a command: it does only once its start-up is
# over, the GDB stub's port bound (a QEMU that cannot bind it exits
# instead). Only then is the port ours, and GDB may connect to it.
if ! "$PYTHON" - "$run/qmp.sock" "$qemu" <<'PY'
import json, os, socket, sys, time
path, pid = sys.argv[1], sys.argv[2]
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                sys.exit(1)                       # QEMU exited
    except OSError:
        sys.exit(1)
    try:
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(deadline - time.monotonic())
        s.connect(path)
        reader = s.makefile("rb")
        reader.readline()                         # the greeting
        s.sendall(b'{"execute": "qmp_capabilities"}\n')
        while "return" not in json.loads(reader.readline()):
            pass                                  # events
        sys.exit(0)
    except (OSError, ValueError):
        time.sleep(0.05)
sys.exit(1)
PY
then
	cat "$qemu_log" >&2
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
# Job control when on a terminal: GDB runs in a process group of its own
# that holds the terminal, so Ctrl+C reaches GDB alone (which stops the
# kernel), not this script nor make, which would end the session with an
# error once GDB quits.
if [ -t 0 ]; then set -m; fi
gdb -q -nx -x "$gdbinit"
