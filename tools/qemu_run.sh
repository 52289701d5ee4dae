#!/bin/sh
# Boots a lesson's ISO in QEMU for a person to look at.
# usage: [BOOT=direct] tools/qemu_run.sh LESSON ISO [bios|uefi]
# BOOT=direct starts the ELF file beside the ISO with QEMU's -kernel (its
# PVH note) instead of GRUB from the ISO.
# With a graphical display (DISPLAY or WAYLAND_DISPLAY set) QEMU opens a
# window and the serial port prints in this terminal. Without one, under
# BIOS the VGA text screen is drawn in this terminal with curses (through
# tools/qemu_term.py, for a quit key that works in any terminal) and serial
# goes to a log file; under UEFI there is no text mode for curses to show
# (the kernel draws into a framebuffer), so the serial port prints in this
# terminal and the screen is served over VNC on this machine.
set -eu
lesson=$1
iso=$2
firmware=${3:-bios}
log=${iso%.iso}.serial.log
ovmf=/usr/share/ovmf/OVMF.fd

# The Makefile has checked BOOT and FIRMWARE (grub or direct, bios or uefi).
image="-cdrom $iso"
[ "${BOOT:-grub}" != direct ] || image="-kernel ${iso%.iso}.elf"
common="-accel tcg -m 128M -no-reboot $image -device isa-debug-exit,iobase=0xf4,iosize=0x04"
if [ "$firmware" = uefi ]; then
	if [ ! -f "$ovmf" ]; then
		echo "error: UEFI firmware $ovmf not found: install the ovmf package" >&2
		exit 1
	fi
	common="$common -bios $ovmf"
	echo "UEFI: the firmware (OVMF) takes several seconds before GRUB starts the kernel."
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	echo "Booting lesson $lesson in a QEMU window. To quit: close the window (or press Ctrl+C here)."
	# shellcheck disable=SC2086
	exec qemu-system-x86_64 $common -serial stdio
fi
if [ "$firmware" = uefi ]; then
	# One VNC display per user, as qemu_debug.sh picks its GDB port.
	vnc=${VNC_DISPLAY:-$(( $(id -u) % 5000 + 20 ))}
	echo "Booting lesson $lesson under UEFI. No text mode here, so no screen in this terminal:"
	echo "  the screen: a VNC viewer on this machine, e.g. 'vncviewer localhost:$vnc'"
	echo "    (or over SSH: ssh -L $((5900 + vnc)):localhost:$((5900 + vnc)) this-host, then the same)"
	echo "  the kernel's serial output prints below, after the firmware's and GRUB's."
	echo "To quit: press Ctrl+A, then X. (Ctrl+A, then C: the QEMU monitor, where"
	echo "  'screendump screen.ppm' saves the screen as a picture.)"
	# shellcheck disable=SC2086
	qemu-system-x86_64 $common -display none -vnc "127.0.0.1:$vnc" -serial mon:stdio || true
	echo "QEMU stopped."
	exit 0
fi
if [ ! -t 1 ]; then
	echo "error: no display and no terminal to draw the screen in; use 'make lesson N test' for a headless boot" >&2
	exit 1
fi
echo "Booting lesson $lesson in this terminal. To quit: press Ctrl+A, then X."
echo "  (Ctrl+A, then C: QEMU's monitor, and back to the screen.)"
echo "Serial output goes to $log"
sleep 2
# tools/qemu_term.py owns the terminal and gives QEMU's curses display the
# Ctrl+A keys: QEMU's own Alt+2 is lost when a terminal sends ESC and 2
# apart (see the file).
# A kernel that prints in a loop must not fill the disk: QEMU may write at
# most 8 MiB into any file (ulimit -f counts 512-byte blocks). Past that its
# writes fail and it drops the bytes, running on: Python ignores SIGXFSZ,
# and QEMU, which qemu_term.py executes, inherits that.
limit_mib=8
# shellcheck disable=SC2086
(ulimit -f $((limit_mib * 2048)) 2> /dev/null; exec "${PYTHON:-/usr/bin/python3}" \
	"$(dirname "$0")/qemu_term.py" qemu-system-x86_64 $common -display curses \
	-serial "file:$log") || true
# The guest may exit through the isa-debug-exit device: (value << 1) | 1.
if [ "$(wc -c 2> /dev/null < "$log" || echo 0)" -ge $((limit_mib << 20)) ]; then
	echo "QEMU stopped. Serial output: $log (its first $limit_mib MiB: the kernel wrote more)"
else
	echo "QEMU stopped. Serial output: $log"
fi
