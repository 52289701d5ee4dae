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

import os
import shutil
import tempfile
import time
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


def cpu_share(pid, started):
    """The share of a CPU that the running QEMU pid has taken since started
    (a time.monotonic()): its processor time (user and system, from /proc)
    over that wall time; None if it cannot be read (it ended meanwhile).
    Kept in each Result (session.py) for whoever reads it; no verdict
    depends on it (the labs' limits count guest time: runner.guest_clock)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            # pid (comm) state ...: utime and stime are fields 14 and 15;
            # comm may hold spaces, so count from the closing parenthesis.
            fields = f.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None
    elapsed = time.monotonic() - started
    return cpu / elapsed if elapsed > 0 else None


def private_dir():
    """A fresh directory for one boot's socket and logs.

    A Unix socket path is limited to 107 bytes, so fall back to /tmp if
    TMPDIR is deep.
    """
    base = tempfile.gettempdir()
    if len(base) > 60:
        base = "/tmp"
    return tempfile.mkdtemp(prefix="qemu-runner-", dir=base)


def boot_problem(iso, spec):
    """Why the boot cannot even start (a Verdict), or None."""
    image = boot_file(iso, spec.boot_path())
    if not image.is_file():
        return Verdict("failed", f"image not built: {image}")
    if spec.firmware == "uefi" and not Path(OVMF).is_file():
        return Verdict("boot-error", f"UEFI firmware not found: {OVMF} (install the ovmf package)")
    if shutil.which(QEMU) is None:
        return Verdict("boot-error", f"{QEMU} not found (install qemu-system-x86)")
    return None
