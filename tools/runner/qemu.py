"""The QEMU command line of one headless test boot.

QEMU is started with:

* ``-serial file:LOG``: everything the kernel writes to COM1 lands in a file
  that we read as it grows (:class:`~runner.serial.SerialLog`);
* ``-device isa-debug-exit``: the kernel ends the test by writing 0x10 (QEMU
  exits with 33, success) or 0x11 (exit 35, failure) to port 0xf4;
* ``-no-reboot``: a triple fault makes QEMU exit with status 0 instead of
  rebooting forever;
* ``-qmp unix:SOCK``: the QMP socket through which we read the VGA text
  screen, type keys and quit (:class:`~runner.qmp.QMPClient`).

The kernel comes in one of two ways (the spec's ``boot``): through GRUB
from the ISO (``-cdrom``, or a USB stick), or directly (``-kernel`` with
the ELF file beside the ISO, entered through its PVH note), which skips
the boot loader and, with qboot, most of the firmware.
"""

import shutil
import tempfile
from pathlib import Path

from .verdict import Verdict

QEMU = "qemu-system-x86_64"
OVMF = "/usr/share/ovmf/OVMF.fd"
# A minimal firmware for direct boots, in Debian's qemu-system-data; QEMU
# finds it by name in its data directory (Debian 13 no longer picks it
# by itself, so it is always named).
QBOOT = "qboot.rom"


def boot_file(iso, boot):
    """The file a boot reads: the ISO, or for a direct boot the ELF file
    beside it (the Makefile builds both, NAME.elf and NAME.iso)."""
    return Path(iso).with_suffix(".elf") if boot == "direct" else Path(iso)


def qemu_command(iso, serial_log, qmp_socket, firmware="bios", extra=(), boot="cdrom",
                 bios="seabios"):
    """The QEMU command line for one headless test boot.

    ``boot`` is direct, cdrom or usb; ``bios`` qboot replaces SeaBIOS (QEMU's
    default) in a direct boot.
    """
    command = [
        QEMU, "-accel", "tcg",     # KVM is nested here: slower, and breaks breakpoints
        "-m", "128M",
        "-display", "none",
        "-no-reboot",              # a triple fault exits (status 0) instead of rebooting
        "-nodefaults", "-vga", "std",   # no network card etc.; keep a VGA card
        *attach_image(iso, boot),
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-serial", f"file:{serial_log}",
        "-qmp", f"unix:{qmp_socket},server=on,wait=off",
        "-monitor", "none",
    ]
    if firmware == "uefi":
        # OVMF spends about 3.2 s of CPU under TCG before the kernel runs
        # (Debian 12, QEMU 7.2). Half of it is a TPM probe: nothing sits at
        # the TPM's address (0xfed40000), but QEMU does not answer reads
        # there with the 0xff of an empty bus, so OVMF takes a TPM to be
        # present and polls it, some 50,000 reads, until it times out. No
        # QEMU option changes that short of adding a TPM. -nodefaults
        # already saves the network card's boot ROM (0.4 s); -boot menu=off or
        # splash-time=0, -boot order=d, fw_cfg opt/ovmf and opt/org.tianocore
        # settings, hpet=off, smm=off and S3/S4 off saved nothing measurable;
        # -icount saves the probe's 0.5 s of waiting but changes the guest's
        # clock, which the timer and keyboard tests rely on.
        command += ["-bios", OVMF]
    elif boot == "direct" and bios == "qboot":
        command += ["-bios", QBOOT]
    return command + list(extra)


def attach_image(iso, boot="cdrom"):
    """QEMU options that hand the kernel over: its ELF file for a direct
    boot, else the ISO as a CD-ROM or as a USB stick.

    The stick is read-only, so parallel boots can share the image (QEMU
    locks images it may write).
    """
    if boot == "direct":
        return ["-kernel", str(boot_file(iso, boot))]
    if boot == "usb":
        return ["-device", "qemu-xhci", "-device", "usb-storage,drive=stick",
                "-drive", f"if=none,id=stick,format=raw,readonly=on,file={iso}"]
    return ["-cdrom", str(iso)]


def private_dir():
    """A fresh directory for one boot's socket and logs.

    A Unix socket path is limited to 107 bytes, so fall back to /tmp if
    TMPDIR is deep.
    """
    base = tempfile.gettempdir()
    if len(base) > 60:
        base = "/tmp"
    return tempfile.mkdtemp(prefix="qemu-runner-", dir=base)


def not_built(image):
    """Why a boot cannot read image: it is not built (and how to build it)."""
    if Path(image).suffix == ".iso":
        return (f"image not built: {image} (make builds the GRUB image of each lesson's "
                f"own kernel and of the runner's; `make {image}` builds this one)")
    return f"image not built: {image}"


def boot_problem(iso, spec):
    """Why the boot cannot even start (a Verdict), or None."""
    image = boot_file(iso, spec.boot_path())
    if not image.is_file():
        return Verdict("failed", not_built(image))
    if spec.firmware == "uefi" and not Path(OVMF).is_file():
        return Verdict("boot-error", f"UEFI firmware not found: {OVMF} (install the ovmf package)")
    if shutil.which(QEMU) is None:
        return Verdict("boot-error", f"{QEMU} not found (install qemu-system-x86)")
    return None
