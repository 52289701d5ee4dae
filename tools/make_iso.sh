#!/bin/sh
# Wraps a kernel ELF in a bootable GRUB ISO (BIOS and UEFI).
# usage: tools/make_iso.sh KERNEL.elf OUTPUT.iso
set -eu
kernel=$1
iso=$2
dir=${iso%.iso}.isodir

rm -rf "$dir"
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/kernel.elf"
# No menu, no waiting: boot the kernel at once with the Multiboot2 protocol.
# [grub.cfg]
cat > "$dir/boot/grub/grub.cfg" <<'CFG'
set timeout=0
set default=0
# UEFI has no VGA text mode: load GRUB's video drivers so that it can pass
# the firmware's graphics framebuffer to the kernel. Under BIOS they stay
# unloaded, and the kernel gets the VGA text mode.
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
if ! grub-mkrescue -o "$iso" "$dir" --fonts= --locales= --themes= \
	--install-modules="multiboot2 normal iso9660 part_msdos part_gpt all_video test" \
	> "$iso.log" 2>&1; then
	cat "$iso.log" >&2
	echo "error: grub-mkrescue could not build $iso (log above)" >&2
	exit 1
fi
