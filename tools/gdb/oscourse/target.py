"""Reading the machine behind GDB: memory, registers GDB does not show, symbols.

read_virtual() is GDB's ordinary access, through the page tables in use
(right for the IDT, GDT, TSS and the interrupt frame). read_physical()
switches QEMU's gdbstub to physical mode (Qqemu.PhyMemMode:1) for one read
only, so that nothing else GDB does reads physical memory by mistake; a
stub without it falls back on the identity map every lesson keeps for low
memory. IDTR, GDTR, LDTR and TR come from `monitor info registers`, parsed
by registers(). Why: book/gdb.md, "The course's commands".
"""
import re

import gdb


class Unavailable(gdb.GdbError):
    """The structure a command looks at does not exist (yet) in this kernel."""


NOT_CONNECTED = ("GDB is not connected to QEMU (%s). make lesson N debug connects it; "
                 "by hand: target remote 127.0.0.1:PORT")


def monitor(command):
    """The text QEMU's monitor prints for COMMAND (info registers, info pic)."""
    try:
        return gdb.execute("monitor " + command, to_string=True)
    except gdb.error as e:
        raise gdb.GdbError(NOT_CONNECTED % e)


def _maintenance_packet(packet):
    """Send one remote-protocol packet; return the stub's reply text."""
    try:
        text = gdb.execute("maintenance packet " + packet, to_string=True)
    except gdb.error as e:
        raise gdb.GdbError(NOT_CONNECTED % e)
    match = re.search(r'received: "(.*)"', text)
    return match.group(1) if match else ""


def read_virtual(address, size):
    """SIZE bytes at virtual ADDRESS, as the kernel sees them."""
    try:
        return bytes(gdb.selected_inferior().read_memory(address, size))
    except gdb.MemoryError:
        raise gdb.GdbError("cannot read %d bytes at 0x%x: not mapped" % (size, address))


def read_physical(address, size):
    """SIZE bytes at physical ADDRESS (through the identity map if the stub
    has no physical mode)."""
    if _maintenance_packet("Qqemu.PhyMemMode:1") != "OK":
        return read_virtual(address, size)
    try:
        return bytes(gdb.selected_inferior().read_memory(address, size))
    except gdb.MemoryError:
        raise gdb.GdbError("cannot read %d bytes at physical 0x%x" % (size, address))
    finally:
        _maintenance_packet("Qqemu.PhyMemMode:0")


def u64s(data):
    """The little-endian 64-bit words of DATA."""
    return [int.from_bytes(data[i:i + 8], "little") for i in range(0, len(data) - 7, 8)]


def registers():
    """IDTR, GDTR and TR (and CR2/CR3) from QEMU's `monitor info registers`.

    Returns {"idt": (base, limit), "gdt": (base, limit),
             "tr": (selector, base, limit, attributes), "cr3": int, "cr2": int}."""
    text = monitor("info registers")
    result = {}
    for name in ("IDT", "GDT"):
        match = re.search(name + r"=\s*([0-9a-fA-F]+) ([0-9a-fA-F]+)", text)
        if match:
            result[name.lower()] = (int(match.group(1), 16), int(match.group(2), 16))
    match = re.search(r"TR =([0-9a-fA-F]+) ([0-9a-fA-F]+) ([0-9a-fA-F]+) ([0-9a-fA-F]+)", text)
    if match:
        result["tr"] = tuple(int(g, 16) for g in match.groups())
    for name in ("CR2", "CR3"):
        match = re.search(name + r"=([0-9a-fA-F]+)", text)
        if match:
            result[name.lower()] = int(match.group(1), 16)
    if "idt" not in result or "gdt" not in result:
        raise gdb.GdbError("`monitor info registers` did not show IDT= and GDT=: "
                           "is GDB connected to QEMU (make lesson N debug)?")
    return result


def register(name):
    """A register GDB knows ($cr3, $rip, ...) as an int."""
    try:
        return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFFFFFFFFFF
    except gdb.error as e:
        raise gdb.GdbError(NOT_CONNECTED % ("no register $%s: %s" % (name, e)))


def describe(address):
    """' <symbol+offset>' for an address inside the kernel, or ''."""
    text = gdb.execute("info symbol 0x%x" % address, to_string=True).strip()
    if text.startswith("No symbol"):
        return ""
    name = text.split(" in section ")[0].replace(" + ", "+")
    return " <%s>" % name


def symbol_address(name):
    """The address of a global or static symbol, or None if the kernel has none."""
    symbol = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if symbol is not None:
        return int(symbol.value().address)
    try:
        return int(gdb.parse_and_eval("(unsigned long)&'%s'" % name))
    except gdb.error:
        return None


def parse_address(argument, what):
    """An address typed by the user: any GDB expression (0x..., a symbol, $rsp)."""
    try:
        return int(gdb.parse_and_eval(argument)) & 0xFFFFFFFFFFFFFFFF
    except gdb.error as e:
        raise gdb.GdbError("%s: cannot read '%s' as an address (%s)" % (what, argument, e))
