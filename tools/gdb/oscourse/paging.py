"""`pagewalk ADDR` and `ptdump`: the four-level page tables, from CR3.

CR3 and every entry hold physical addresses, so the tables are read in
physical mode (target.read_physical). The words follow lesson 08: levels
L4 (PML4) to L1, flags P W U PWT PCD A D H G NX.
"""
import gdb

from . import target

PRESENT, WRITABLE, USER, HUGE, NO_EXECUTE = 1, 1 << 1, 1 << 2, 1 << 7, 1 << 63
ADDRESS_MASK = 0x000FFFFFFFFFF000
FLAG_NAMES = ((1, "P"), (1 << 1, "W"), (1 << 2, "U"), (1 << 3, "PWT"), (1 << 4, "PCD"),
              (1 << 5, "A"), (1 << 6, "D"), (1 << 7, "H"), (1 << 8, "G"), (1 << 63, "NX"))
LEVEL_NAMES = {4: "L4 (PML4)", 3: "L3 (PDPT)", 2: "L2 (PD)", 1: "L1 (PT)"}


def shift(level):
    return 12 + 9 * (level - 1)


def flags(entry, level):
    if not entry & PRESENT:
        return "-"
    words = []
    for bit, name in FLAG_NAMES:
        if entry & bit:
            if bit == HUGE:
                name = "PAT" if level == 1 else ("RESERVED7" if level == 4 else "H")
            words.append(name)
    return " ".join(words)


def is_page(entry, level):
    return level == 1 or (level in (2, 3) and entry & HUGE)


def page_address(entry, level):
    mask = ADDRESS_MASK & ~((1 << shift(level)) - 1) if is_page(entry, level) else ADDRESS_MASK
    return entry & mask


def read_table(physical):
    return target.u64s(target.read_physical(physical, 4096))


def root():
    cr3 = target.register("cr3")
    if not target.register("cr0") & (1 << 31):
        raise target.Unavailable("paging is off (CR0.PG clear): the boot code (lesson 02) "
                                 "has not switched it on yet")
    return cr3 & ADDRESS_MASK


def canonical(address):
    return address | ~((1 << 48) - 1) & 0xFFFFFFFFFFFFFFFF if address & (1 << 47) else address


class PageWalk(gdb.Command):
    """Walk the page tables for a virtual address, as the CPU does.

Usage: pagewalk ADDRESS    (any expression: 0x803FE7F5CE, &idt, $rip)

For each level from L4 (the table CR3 points to) to L1: the index taken
from the address, the entry's physical address and value, its flags and
the next table. Ends with the physical address, or where and why the walk
stops (entry not present, or a huge page)."""

    def __init__(self):
        super().__init__("pagewalk", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        if not argument.strip():
            raise gdb.GdbError("usage: pagewalk ADDRESS")
        address = target.parse_address(argument, "pagewalk")
        if canonical(address & ((1 << 48) - 1)) != address:
            raise gdb.GdbError("pagewalk: 0x%x is not canonical (bits 63-48 must copy bit 47): "
                               "any access to it is a #GP, no walk happens" % address)
        table = root()
        indices = [address >> shift(level) & 0x1FF for level in (4, 3, 2, 1)]
        print("pagewalk 0x%x: indices L4 %d, L3 %d, L2 %d, L1 %d, offset 0x%x (CR3 0x%x)"
              % ((address,) + tuple(indices) + (address & 0xFFF, table)))
        for level in (4, 3, 2, 1):
            index = address >> shift(level) & 0x1FF
            slot = table + index * 8
            entry = target.u64s(target.read_physical(slot, 8))[0]
            print("%-9s [%3d] at 0x%x: 0x%016x  %s" % (LEVEL_NAMES[level], index, slot, entry,
                                                      flags(entry, level)))
            if not entry & PRESENT:
                print("not mapped: the L%d entry is not present (an access is a #PF)" % level)
                return
            if is_page(entry, level):
                size = 1 << shift(level)
                offset = address & (size - 1)
                physical = page_address(entry, level) + offset
                kind = {1: "4 KiB page", 2: "2 MiB huge page", 3: "1 GiB huge page"}[level]
                print("%s at 0x%x, offset 0x%x -> physical 0x%x" % (
                    kind, page_address(entry, level), offset, physical))
                return
            table = page_address(entry, level)
            print("%-9s        -> L%d table at 0x%x" % ("", level - 1, table))


def _runs(table, level, base, runs):
    """Append (start, end, physical, flags, page size) for every mapped
    page under TABLE, merging neighbours that continue a run."""
    for index, entry in enumerate(read_table(table)):
        if not entry & PRESENT:
            continue
        virtual = canonical(base | index << shift(level))
        if not is_page(entry, level):
            _runs(page_address(entry, level), level - 1, virtual, runs)
            continue
        size = 1 << shift(level)
        physical = page_address(entry, level)
        words = flags(entry, level).replace(" A", "").replace(" D", "")
        last = runs[-1] if runs else None
        if last and last[1] == virtual and last[2] + (last[1] - last[0]) == physical and \
                last[3] == words and last[4] == size:
            runs[-1] = (last[0], virtual + size, last[2], words, size)
        else:
            runs.append((virtual, virtual + size, physical, words, size))


def _size_text(size):
    for unit, name in ((1 << 30, "G"), (1 << 20, "M"), (1 << 10, "K")):
        if size % unit == 0:
            return "%d%s" % (size // unit, name)
    return "%d" % size


class PtDump(gdb.Command):
    """Dump the mapped ranges of the current page tables (from CR3).

Usage: ptdump

One line per run of pages that follow each other in virtual and physical
memory with the same flags and page size (as Linux's page-table dump
merges them): virtual range, its size, the physical start, the page size
and the flags (P W U PWT PCD G NX; A and D, which the CPU sets as it goes,
are left out so that they do not split runs)."""

    def __init__(self):
        super().__init__("ptdump", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        table = root()
        runs = []
        _runs(table, 4, 0, runs)
        print("page tables at 0x%x (CR3): %d runs" % (table, len(runs)))
        for start, end, physical, words, size in runs:
            print("0x%016x-0x%016x %6s -> 0x%-10x %4s pages  %s" % (
                start, end - 1, _size_text(end - start), physical, _size_text(size), words))


def register():
    PageWalk()
    PtDump()
