#!/bin/sh
# Wraps a kernel ELF in a bootable GRUB ISO (BIOS and UEFI).
# usage: tools/make_iso.sh --grub GRUB.iso
#            build the GRUB part alone (with an empty /boot/kernel.elf)
#        tools/make_iso.sh KERNEL.elf OUTPUT.iso GRUB.iso
#            OUTPUT.iso = a copy of GRUB.iso that holds KERNEL.elf
#
# grub-mkrescue spends most of its time building GRUB's BIOS and UEFI boot
# images, which are the same for every kernel. So the Makefile runs it once
# per build directory (--grub), and each kernel's image is a copy of that
# one with a second ISO 9660 session, written by xorriso, that holds the
# kernel. Firmware boots GRUB as before (the boot records are kept), and
# GRUB reads the newest session, so it finds the kernel.
set -eu

if [ "${1-}" = --grub ]; then
	iso=$2
	dir=${iso%.iso}.isodir
	rm -rf "$dir"
	mkdir -p "$dir/boot/grub"
	: > "$dir/boot/kernel.elf" # a placeholder: each image adds the real one
	# No menu, no waiting: boot the kernel at once with the Multiboot2 protocol.
	# [grub.cfg]
	cat > "$dir/boot/grub/grub.cfg" <<'CFG'
set timeout=0
set default=0
# UEFI has no VGA text mode: load GRUB's video drivers, so that GRUB sets a
# graphics mode itself (its choice, not the firmware's) and passes that
# framebuffer to the kernel. Under BIOS they stay unloaded, and the kernel
# gets the VGA text mode.
if [ "$grub_platform" = "efi" ]; then
	insmod all_video
fi
menuentry "Writing an OS in C" {
	clear
	multiboot2 /boot/kernel.elf
	boot
}
CFG
	# [grub.cfg]
	# Trimmed: only the modules the boot needs, no fonts, locales or themes.
	# The UEFI image loads every partition map GRUB knows (partmap.lst) at
	# start, and prints an error on the screen for each one missing.
	partmaps=$(cat /usr/lib/grub/x86_64-efi/partmap.lst 2> /dev/null || echo part_msdos part_gpt)
	if ! grub-mkrescue -o "$iso" "$dir" --fonts= --locales= --themes= \
		--install-modules="multiboot2 normal iso9660 all_video test $partmaps" \
		> "$iso.log" 2>&1; then
		cat "$iso.log" >&2
		echo "error: grub-mkrescue could not build $iso (log above)" >&2
		exit 1
	fi
	exit 0
fi

if [ $# -ne 3 ]; then
	echo "usage: tools/make_iso.sh --grub GRUB.iso | KERNEL.elf OUTPUT.iso GRUB.iso" >&2
	exit 2
fi
kernel=$1
iso=$2
grub=$3
cp "$grub" "$iso.tmp"
# -boot_image any keep: the new session keeps the boot records of the first.
if ! xorriso -dev "$iso.tmp" -boot_image any keep -map "$kernel" /boot/kernel.elf \
	-commit > "$iso.log" 2>&1; then
	cat "$iso.log" >&2
	rm -f "$iso.tmp"
	echo "error: xorriso could not add $kernel to a copy of $grub (log above)" >&2
	exit 1
fi
mv "$iso.tmp" "$iso"
