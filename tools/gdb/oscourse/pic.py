"""`pic`: the two 8259 interrupt controllers (lesson 07).

GDB cannot do port I/O, and the kernel's own way to read the PIC's
in-service register (ISR) is to write OCW3 to the command port first: a
debugger doing that would change which register the next read of that port
returns, under the feet of a kernel stopped between its write and its read.
QEMU's monitor (`monitor info pic`) instead prints its model of the chips
directly, without touching them, so the masks (IMR), the requests (IRR),
the in-service bits (ISR) and the vector base all come from there.
"""
import re

import gdb

from . import target


IRQ_NAMES = ("timer (PIT)", "keyboard", "cascade", "COM2", "COM1", "LPT2", "floppy", "LPT1",
             "RTC", "free", "free", "free", "mouse", "FPU", "primary ATA", "secondary ATA")


def read_pics():
    """{0: {...}, 1: {...}}: irr, imr, isr, irq_base of the master (0) and slave (1)."""
    text = target.monitor("info pic")
    pics = {}
    for match in re.finditer(r"pic(\d): ((?:\w+=[0-9a-fA-F]+ ?)+)", text):
        fields = dict(pair.split("=") for pair in match.group(2).split())
        pics[int(match.group(1))] = {k: int(v, 16) for k, v in fields.items()}
    if 0 not in pics or 1 not in pics:
        raise gdb.GdbError("`monitor info pic` did not describe two PICs: is GDB connected "
                           "to QEMU's PC machine?")
    return pics


def _bits(value, first):
    return ",".join(str(first + i) for i in range(8) if value >> i & 1) or "-"


class Pic(gdb.Command):
    """Show the 8259 PICs: vector base, masks and pending/in-service IRQs.

Usage: pic

For each chip: the vector its IRQ 0 arrives at (0x08 and 0x70 as the BIOS
leaves them, 0x20 and 0x28 after lesson 07's remapping), the mask register
(IMR, a set bit blocks that IRQ), the requested (IRR) and in-service (ISR)
IRQs. Then the IRQ lines that are not masked, with their devices. Read
from QEMU's model of the chips, so the kernel's state is not disturbed."""

    def __init__(self):
        super().__init__("pic", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        pics = read_pics()
        for number, name in ((0, "master"), (1, "slave")):
            p = pics[number]
            first = 8 * number
            print("%-6s IRQ %d-%d -> vectors 0x%02x-0x%02x  IMR 0x%02x  IRR %s  ISR %s" % (
                name, first, first + 7, p["irq_base"], p["irq_base"] + 7, p["imr"],
                _bits(p["irr"], first), _bits(p["isr"], first)))
        masks = pics[1]["imr"] << 8 | pics[0]["imr"]
        unmasked = [irq for irq in range(16) if not masks >> irq & 1]
        print("masks 0x%04x: unmasked %s" % (masks, ", ".join(
            "IRQ %d %s" % (irq, IRQ_NAMES[irq]) for irq in unmasked) or "none"))


def register():
    Pic()
