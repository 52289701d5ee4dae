"""`multiboot [ADDRESS]`: the Multiboot2 boot information GRUB left.

Its address arrives in kernel_main's second argument (boot_info; RSI at the
first instruction), which no lesson keeps in a global. So the command
remembers RSI whenever the kernel stops at kernel_main's first instruction
(as make lesson N debug does), and otherwise looks for kernel_main's
boot_info argument in the backtrace. The structure is at a physical
address and is read in physical mode.
"""
import struct

import gdb

from . import target

TAG_NAMES = {0: "end", 1: "command line", 2: "boot loader name", 3: "module",
             4: "basic memory info", 5: "BIOS boot device", 6: "memory map", 7: "VBE info",
             8: "framebuffer info", 9: "ELF sections", 10: "APM table", 11: "EFI 32-bit system table",
             12: "EFI 64-bit system table", 13: "SMBIOS tables", 14: "ACPI old RSDP",
             15: "ACPI new RSDP", 16: "network info", 17: "EFI memory map",
             18: "EFI boot services not terminated", 19: "EFI 32-bit image handle",
             20: "EFI 64-bit image handle", 21: "image load base address"}
MEMORY_TYPES = {1: "available", 2: "reserved", 3: "ACPI reclaimable", 4: "ACPI NVS",
                5: "bad RAM"}
MAX_SIZE = 1 << 20

def _boot_info(remembered):
    """The boot information's address: remembered (RSI at kernel_main's
    first instruction), else kernel_main's boot_info in the backtrace."""
    if remembered:
        return remembered
    try:
        frame = gdb.selected_frame()
    except gdb.error:
        frame = None
    while frame is not None:
        if frame.name() == "kernel_main":
            try:
                return int(frame.read_var("boot_info"))
            except (gdb.error, ValueError):
                break
        frame = frame.older()
    raise gdb.GdbError("multiboot: the boot information's address is not known: stop at "
                       "kernel_main (make lesson N debug does) or give it: multiboot ADDRESS")


def _string(body):
    return body.split(b"\0")[0].decode("ascii", "replace")


def _describe(kind, body):
    if kind in (1, 2):
        return '"%s"' % _string(body)
    if kind == 4:
        lower, upper = struct.unpack_from("<II", body)
        return "lower %d KiB, upper %d KiB" % (lower, upper)
    if kind == 5:
        return "drive 0x%x" % struct.unpack_from("<I", body)[0]
    if kind == 6:
        entry_size = struct.unpack_from("<I", body)[0]
        lines = []
        for offset in range(8, len(body) - entry_size + 1, entry_size):
            base, length, mtype = struct.unpack_from("<QQI", body, offset)
            lines.append("\n    0x%016x-0x%016x %s" % (base, base + length - 1,
                                                       MEMORY_TYPES.get(mtype, "type %d" % mtype)))
        return "%d entries%s" % (len(lines), "".join(lines))
    if kind == 8:
        address, pitch, width, height, bpp, fb_type = struct.unpack_from("<QIIIBB", body)
        return "0x%x, %dx%dx%d, pitch %d, %s" % (address, width, height, bpp, pitch,
                                                 ("indexed", "RGB", "EGA text")[fb_type]
                                                 if fb_type < 3 else "type %d" % fb_type)
    if kind == 21:
        return "0x%x" % struct.unpack_from("<I", body)[0]
    if kind in (14, 15):
        return "signature %s" % _string(body[:8])
    return ""


class Multiboot(gdb.Command):
    """Show the Multiboot2 boot information: each tag, decoded.

Usage: multiboot [ADDRESS]

Without ADDRESS, the address kernel_main received in boot_info (noted
when the kernel stopped at kernel_main). Each tag: its type, name and size,
and for the common ones their content: the command line, the boot loader's
name, the memory map's ranges, the framebuffer."""

    def __init__(self):
        super().__init__("multiboot", gdb.COMMAND_DATA)
        self.remembered = None
        gdb.events.stop.connect(self.on_stop)

    def on_stop(self, event):
        """Remember RSI when stopped at kernel_main's first instruction."""
        entry = target.symbol_address("kernel_main")
        try:
            if entry is not None and target.register("rip") == entry:
                self.remembered = target.register("rsi")
        except gdb.error:
            pass

    def invoke(self, argument, from_tty):
        address = target.parse_address(argument, "multiboot") if argument.strip() \
            else _boot_info(self.remembered)
        total, reserved = struct.unpack("<II", target.read_physical(address, 8))
        if not 16 <= total <= MAX_SIZE or reserved != 0:
            raise gdb.GdbError("multiboot: 0x%x does not hold Multiboot2 information "
                               "(total size %d, reserved %d)" % (address, total, reserved))
        data = target.read_physical(address, total)
        print("Multiboot2 information at 0x%x, %d bytes" % (address, total))
        offset = 8
        while offset + 8 <= total:
            kind, size = struct.unpack_from("<II", data, offset)
            if size < 8 or offset + size > total:
                raise gdb.GdbError("multiboot: tag at +%d has a bad size %d" % (offset, size))
            text = _describe(kind, data[offset + 8:offset + size])
            print("  type %2d %-24s %4d bytes  %s" % (kind, TAG_NAMES.get(kind, "?"), size,
                                                      text))
            if kind == 0:
                return
            offset += (size + 7) & ~7
        print("  (no end tag)")


def register():
    Multiboot()
