#!/bin/sh
# Checks that the Debian packages a command needs are installed.
# As root it installs the missing ones; otherwise it prints the one
# apt-get line to run, and fails.
# usage: tools/require.sh COMPILER GROUP...   (GROUP: build run debug host test labs fuzz docs pdf distros)
# Every name here must hold on Debian 12 and 13 alike (and on an Ubuntu of the
# same generation); tests/distros/ proves it on bare roots of both.
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

# clang_major: clang's major version (14 on Debian 12, 19 on Debian 13),
# also before clang is installed: then the version the package clang would
# bring, so that the one apt-get line printed for a user is complete.
clang_major() {
	if command -v clang > /dev/null 2>&1; then
		clang -dumpversion | cut -d. -f1
		return
	fi
	v=$(apt-cache depends clang 2> /dev/null | sed -n 's/.*Depends: clang-\([0-9][0-9]*\)$/\1/p' | head -n 1)
	if [ -z "$v" ]; then
		case $(. /etc/os-release 2> /dev/null && echo "${ID:-}-${VERSION_ID:-}") in
		debian-12) v=14 ;;
		debian-13) v=19 ;;
		esac
	fi
	echo "$v"
}

# need_clang_runtime LIBRARY: clang's runtime libraries (sanitizers,
# libFuzzer) are in libclang-rt-N-dev, which clang only recommends.
need_clang_runtime() {
	major=$(clang_major)
	[ -n "$major" ] || return 0
	library=/nonexistent   # clang itself is missing: so is its runtime
	if command -v clang > /dev/null 2>&1; then
		library="$(clang -print-resource-dir)/lib/linux/$1"
	fi
	need "libclang-rt-$major-dev" "$library"
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
		# The framebuffer console's code page 437 font (UEFI), which
		# tools/psf_font.py turns into C with Debian's Python.
		need console-data /usr/share/consolefonts/default8x16.psf.gz
		need python3 /usr/bin/python3
		;;
	run)
		need qemu-system-x86 qemu-system-x86_64
		# qboot, the small firmware of most of the runner's direct boots (a
		# spec's bios line): in qemu-system-data on Debian 12 and 13 alike, which
		# qemu-system-x86 depends on; named here in case a system lacks it.
		need qemu-system-data /usr/share/qemu/qboot.rom
		# A QEMU window needs the GTK front end, packaged separately.
		if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
			need qemu-system-gui /usr/lib/x86_64-linux-gnu/qemu/ui-gtk.so
		fi
		;;
	debug) need gdb gdb ;;
	host)
		# The host tests are hosted C programs: they need the C library's
		# headers and startup files, which gcc and clang only recommend.
		need libc6-dev /usr/include/stdio.h /usr/include/setjmp.h
		need libcmocka-dev /usr/include/cmocka.h
		# They run under ASan and UBSan: gcc's runtimes come with gcc.
		[ "$compiler" = clang ] && need_clang_runtime libclang_rt.asan-x86_64.a
		;;
	test)
		# The tools run on Debian's own Python (the Makefile uses this path).
		need python3 /usr/bin/python3
		need ovmf /usr/share/ovmf/OVMF.fd
		# tests/debug/run_quit.sh types the quit keys into a tmux pane.
		need tmux tmux
		;;
	labs)
		need bubblewrap bwrap          # the sandbox tools/grade.py runs submissions in
		need ccache ccache             # the lab check's cache, read by sandboxed builds
		;;
	fuzz)
		# The fuzz pass (make fuzz, and a short one in make test) is built
		# with clang and its libFuzzer runtime.
		need clang clang
		need_clang_runtime libclang_rt.fuzzer-x86_64.a
		;;
	docs)
		need python3 /usr/bin/python3
		need doxygen doxygen
		need graphviz dot
		;;
	pdf)
		# make book-pdf: headless Chromium prints the HTML book (vector
		# figures, links kept); poppler's pdfinfo and pdftotext check it.
		need chromium chromium
		need poppler-utils pdfinfo pdftotext
		need fonts-dejavu-core /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
		;;
	distros)
		# make test-distros: bare Debian roots, a terminal to look at, and
		# the course's container built and run without a registry (runc:
		# Debian 12's crun refuses hosts whose cgroups are in hybrid mode).
		need debootstrap debootstrap
		need tmux tmux
		need podman podman
		need runc /usr/sbin/runc
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
