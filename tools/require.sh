#!/bin/sh
# Checks that the Debian packages a command needs are installed.
# As root it installs the missing ones; otherwise it prints the one
# apt-get line to run, and fails.
# usage: tools/require.sh COMPILER GROUP...   (GROUP: build run debug test docs)
set -u
compiler=$1
shift
missing=""

# need PACKAGE CHECK...: PACKAGE is missing if any CHECK fails. A CHECK is a
# command name, or a path (starting with /) that must exist.
need() {
	package=$1
	shift
	for check in "$@"; do
		case $check in
		/*) [ -e "$check" ] && continue ;;
		*) command -v "$check" > /dev/null 2>&1 && continue ;;
		esac
		case " $missing " in *" $package "*) ;; *) missing="$missing $package" ;; esac
		return
	done
}

for group in "$@"; do
	case $group in
	build)
		if [ "$compiler" = clang ]; then need clang clang; else need gcc gcc; fi
		need binutils ld
		need nasm nasm
		need grub-common grub-mkrescue
		need grub-pc-bin /usr/lib/grub/i386-pc/multiboot2.mod
		need grub-efi-amd64-bin /usr/lib/grub/x86_64-efi/multiboot2.mod
		need xorriso xorriso
		need mtools mformat
		# The framebuffer console's code page 437 font (UEFI).
		need console-data /usr/share/consolefonts/default8x16.psf.gz
		;;
	run)
		need qemu-system-x86 qemu-system-x86_64
		# A QEMU window needs the GTK front end, packaged separately.
		if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
			need qemu-system-gui /usr/lib/x86_64-linux-gnu/qemu/ui-gtk.so
		fi
		;;
	debug) need gdb gdb ;;
	test)
		need python3 python3
		need libcmocka-dev /usr/include/cmocka.h
		need ovmf /usr/share/ovmf/OVMF.fd
		;;
	docs)
		need doxygen doxygen
		need graphviz dot
		;;
	esac
done

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "Installing missing packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get update -q && apt-get install -y -q --no-install-recommends $missing && exit 0
	echo "error: installing$missing failed (see above)" >&2
	exit 1
fi
echo "error: missing Debian packages. Install them with:" >&2
echo "  sudo apt-get install --no-install-recommends$missing" >&2
exit 1
