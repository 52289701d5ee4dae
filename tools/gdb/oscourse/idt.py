"""`idt [VECTOR]`: the interrupt descriptor table the CPU uses now.

The table is found through IDTR (read from QEMU's monitor: GDB has no
register for it), not through the kernel's `idt` array: this shows what the
CPU will really do, including before lidt or with a wrong base.
"""
import os
import sys

import gdb

from . import target

# The kernel's names of the exception vectors (exception_table.c), read by
# tools/exception_names.py: one table for the kernel and every tool.
_TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
if _TOOLS not in sys.path:
    sys.path.append(_TOOLS)
from exception_names import exception_names  # noqa: E402  (the path above comes first)

EXCEPTIONS = {vector: mnemonic or ("reserved" if name == "Reserved" else "-")
              for vector, (mnemonic, name) in exception_names().items()}
GATE_TYPES = {0xE: "interrupt", 0xF: "trap"}


def vector_name(vector, pic_base=0x20):
    """'#PF', 'IRQ 1' (after the lesson 07 remapping to 0x20-0x2f) or ''."""
    if vector in EXCEPTIONS:
        return EXCEPTIONS[vector]
    if pic_base <= vector < pic_base + 16:
        return "IRQ %d" % (vector - pic_base)
    return ""


def decode_gate(data):
    """The fields of one 16-byte long-mode gate."""
    low, high = target.u64s(data)
    offset = (low & 0xFFFF) | (low >> 48 & 0xFFFF) << 16 | (high & 0xFFFFFFFF) << 32
    attributes = low >> 40 & 0xFF
    return {"offset": offset, "selector": low >> 16 & 0xFFFF, "ist": low >> 32 & 7,
            "type": attributes & 0xF, "dpl": attributes >> 5 & 3,
            "present": bool(attributes & 0x80)}


def gate_line(vector, gate):
    kind = GATE_TYPES.get(gate["type"], "type %#x" % gate["type"])
    ist = "IST%d" % gate["ist"] if gate["ist"] else "-"
    return "%3d %-8s 0x%016x%-32s sel 0x%02x %-9s DPL %d %s" % (
        vector, vector_name(vector), gate["offset"], target.describe(gate["offset"]),
        gate["selector"], kind, gate["dpl"], ist)


def current_idt():
    """(base, number of gates) of the loaded IDT; a clear error if there is none."""
    base, limit = target.registers()["idt"]
    if base == 0:
        raise target.Unavailable(
            "no IDT loaded: IDTR is base 0x0, limit 0x%x, as the firmware or GRUB left it. "
            "Lesson 05's idt_init() loads one with lidt." % limit)
    return base, (limit + 1) // 16


class Idt(gdb.Command):
    """Show the IDT's gates: all present ones, or the one of VECTOR.

Usage: idt [VECTOR]

Each line: vector, its name (#DE ... #XM for exceptions, IRQ n for the
PIC's lines after lesson 07's remapping to 32-47), the handler's address and
symbol, the code segment selector, the gate type (interrupt: IF cleared on
entry; trap: IF kept), the DPL and the IST stack (- for none).
The table is found through IDTR, so it works only after lidt (lesson 05)."""

    def __init__(self):
        super().__init__("idt", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        base, count = current_idt()
        if argument.strip():
            vector = int(target.parse_address(argument, "idt"))
            if not 0 <= vector < 256:
                raise gdb.GdbError("idt: vector %d is not between 0 and 255" % vector)
            if vector >= count:
                raise gdb.GdbError("idt: vector %d is past the IDT's limit (%d gates)"
                                   % (vector, count))
            vectors = [vector]
        else:
            vectors = range(count)
        data = target.read_virtual(base, count * 16)
        print("IDT at 0x%x, %d gates" % (base, count))
        shown = 0
        for vector in vectors:
            gate = decode_gate(data[vector * 16:vector * 16 + 16])
            if not gate["present"]:
                if len(vectors) == 1:
                    print("%3d %-8s not present" % (vector, vector_name(vector)))
                continue
            print(gate_line(vector, gate))
            shown += 1
        if len(vectors) > 1:
            print("%d present" % shown)


def register():
    Idt()
