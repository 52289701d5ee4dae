"""`gdt` and `tss`: the segment descriptors and the task-state segment.

Both are found through the CPU's registers, GDTR and TR, which GDB does not
show; target.registers() reads them from QEMU's monitor. In long mode
segmentation is mostly switched off: what still matters is the code
segment's L (64-bit) bit and DPL, and the TSS, whose RSP0 and IST1-7 tell
the CPU which stack to switch to on an interrupt.
"""
import struct

import gdb

from . import target

SYSTEM_TYPES = {0x2: "LDT", 0x9: "TSS (available)", 0xB: "TSS (busy)",
                0xC: "call gate", 0xE: "interrupt gate", 0xF: "trap gate"}


def decode_descriptor(low, high=0):
    """The fields of one GDT entry (HIGH: the next slot, for system descriptors)."""
    access = low >> 40 & 0xFF
    flags = low >> 52 & 0xF
    limit = (low & 0xFFFF) | (low >> 48 & 0xF) << 16
    base = (low >> 16 & 0xFFFFFF) | (low >> 56 & 0xFF) << 24
    d = {"present": bool(access & 0x80), "dpl": access >> 5 & 3, "system": not access & 0x10,
         "type": access & 0xF, "long": bool(flags & 2), "size32": bool(flags & 4),
         "granularity": bool(flags & 8)}
    if d["system"]:
        base |= (high & 0xFFFFFFFF) << 32
    if d["granularity"]:
        limit = limit << 12 | 0xFFF
    d["base"], d["limit"] = base, limit
    return d


def describe_descriptor(d):
    if d["system"]:
        kind = SYSTEM_TYPES.get(d["type"], "system type %#x" % d["type"])
    elif d["type"] & 0x8:
        mode = "64-bit" if d["long"] else ("32-bit" if d["size32"] else "16-bit")
        kind = "code %s %s" % (mode, "readable" if d["type"] & 2 else "execute-only")
    else:
        kind = "data %s" % ("writable" if d["type"] & 2 else "read-only")
    return "%-24s DPL %d base 0x%x limit 0x%x%s" % (
        kind, d["dpl"], d["base"], d["limit"], "" if d["present"] else " NOT PRESENT")


class Gdt(gdb.Command):
    """Show the GDT's descriptors, through GDTR.

Usage: gdt

Each line: the selector (the entry's byte offset), the kind (code with its
mode: 64-bit when the L bit is set; data; TSS, which takes two slots), the
DPL, base and limit. Before lesson 06 this is the boot GDT of lesson 02."""

    def __init__(self):
        super().__init__("gdt", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        base, limit = target.registers()["gdt"]
        if limit < 7:
            raise target.Unavailable("no GDT loaded: GDTR's limit is %d" % limit)
        words = target.u64s(target.read_virtual(base, limit + 1))
        print("GDT at 0x%x, limit 0x%x (%d slots)" % (base, limit, len(words)))
        index = 0
        while index < len(words):
            low = words[index]
            if index == 0 or low == 0:
                print("0x%02x %s" % (index * 8, "null" if low == 0 else "0x%016x" % low))
                index += 1
                continue
            high = words[index + 1] if index + 1 < len(words) else 0
            d = decode_descriptor(low, high)
            print("0x%02x %s" % (index * 8, describe_descriptor(d)))
            index += 2 if d["system"] else 1


def stack_name(address):
    """Which symbol a stack pointer points into. A stack's top is one past
    its array, so the byte below it names the array."""
    inside = target.describe(address - 1)
    if not inside:
        return ""
    name = inside.strip(" <>").split("+")[0]
    start = target.symbol_address(name)
    if start is None:
        return inside
    return " <%s+0x%x>" % (name, address - start)


class Tss(gdb.Command):
    """Show the TSS that TR selects: RSP0-2 and IST1-7 with their stacks.

Usage: tss

RSP0 is the stack the CPU takes when an interrupt arrives in ring 3 (unused
while everything runs in ring 0); ISTn is the stack a gate with IST n
always switches to (lesson 06 gives #DF IST1). Each non-zero pointer is
shown with the symbol of the stack it points into; a stack's top is the
end of its array. Works once lesson 06's gdt_init() has run ltr."""

    def __init__(self):
        super().__init__("tss", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        selector, base, limit, attributes = target.registers()["tr"]
        if selector == 0:
            raise target.Unavailable("no TSS loaded: TR is 0. Lesson 06's gdt_init() "
                                     "loads one with ltr.")
        if limit < 103:
            raise gdb.GdbError("tss: TR's limit 0x%x is too small for a 64-bit TSS" % limit)
        data = target.read_virtual(base, 104)
        rsp = struct.unpack_from("<3Q", data, 4)
        ist = struct.unpack_from("<7Q", data, 36)
        iomap = struct.unpack_from("<H", data, 102)[0]
        print("TSS at 0x%x (TR selector 0x%x, limit 0x%x)" % (base, selector, limit))
        for name, value in [("RSP%d" % i, v) for i, v in enumerate(rsp)] + \
                [("IST%d" % (i + 1), v) for i, v in enumerate(ist)]:
            if value:
                print("%-5s 0x%016x%s" % (name, value, stack_name(value)))
            else:
                print("%-5s 0" % name)
        print("I/O map base 0x%x%s" % (iomap, " (no I/O bitmap)" if iomap >= limit else ""))


def register():
    Gdt()
    Tss()
