"""The names of the CPU's exception vectors, read from the kernel's own table.

lessons/05-exceptions/exception_table.c is the one list: the kernel prints
it, and the runner's triple-fault explanation and GDB's `idt` read it
through this module rather than keep copies that drift apart. Standard
library only: GDB's Python imports it too.
"""
import re

from course import ROOT

TABLE = ROOT / "lessons" / "05-exceptions" / "exception_table.c"

# One entry of the table: [14] = { "#PF", "Page Fault", true },
_ENTRY = re.compile(r'^\s*\[(\d+)\]\s*=\s*\{\s*"([^"]*)",\s*"([^"]*)",\s*(true|false)\s*\}')
_RESERVED = re.compile(r'^\s*\[(\d+)\]\s*=\s*RESERVED\b')


def exception_names(path=TABLE):
    """{vector: (mnemonic, name)} for vectors 0-31, as exception_table.c
    has them: mnemonic None where the table has "-" (vector 9, and the
    reserved vectors, whose name is "Reserved")."""
    names = {}
    with open(path, encoding="utf-8") as table:
        for line in table:
            entry, reserved = _ENTRY.match(line), _RESERVED.match(line)
            if entry:
                mnemonic = None if entry.group(2) == "-" else entry.group(2)
                names[int(entry.group(1))] = (mnemonic, entry.group(3))
            elif reserved:
                names[int(reserved.group(1))] = (None, "Reserved")
    if sorted(names) != list(range(32)):
        raise ValueError(f"{path}: expected entries for vectors 0-31, found {sorted(names)}")
    return names


def in_words(name):
    """'Page Fault' -> 'page fault', for a sentence; words written all in
    capitals (TSS, SIMD, BOUND) stay as they are."""
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in name.split())
