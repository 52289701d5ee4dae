"""What the host reads of the guest's own state, through the monitor.

A boot test that trusts only what the kernel prints can be fooled by a
kernel that prints the right words. The functions here look at the guest
from outside instead: QEMU's human monitor, reached through QMP's
``human-monitor-command``, walks the guest's page tables with the CPU's
current CR3 (``gva2gpa``), the way the MMU itself would; ``info registers``
gives the IDT and TSS the CPU itself uses, and ``x`` reads them; QMP's
``memsave`` copies a range of the guest's virtual memory to a file.
"""

import re

from .qmp import QMPError


class GuestError(Exception):
    """The guest's memory cannot be read where its own registers point."""


def translate(qmp, address):
    """The physical address the guest's page tables map the virtual
    ``address`` to, or None when it is not mapped. The guest is paused
    meanwhile, so that its CR3 and tables cannot change under the walk."""
    with qmp.paused():
        out = qmp.human(f"gva2gpa {address:#x}").strip()
    if out.startswith("Unmapped"):
        return None
    if out.startswith("gpa:"):
        try:
            return int(out.split(":", 1)[1], 16)
        except ValueError:
            pass
    raise QMPError(f"gva2gpa {address:#x}: unexpected answer {out!r}")


def descriptor_tables(qmp):
    """(IDT base, TSS base): where the CPU itself looks for them (IDTR and
    the task register), from ``info registers``."""
    text = qmp.human("info registers")
    idt = re.search(r"^IDT=\s*([0-9a-fA-F]+)\s", text, re.MULTILINE)
    tr = re.search(r"^TR\s*=\s*[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s", text, re.MULTILINE)
    if not idt or not tr:
        raise QMPError(f"info registers: no IDT= or TR= line in {text[:300]!r}")
    return int(idt.group(1), 16), int(tr.group(1), 16)


def read_qword(qmp, address):
    """The 64-bit value at a virtual address of the guest (its current
    page tables), read by the monitor."""
    out = qmp.human(f"x /1gx {address:#x}").strip()
    if "Cannot access memory" in out:
        raise GuestError(f"nothing is mapped at {address:#x}")
    m = re.match(r"^[0-9a-fA-F]+:\s+0x([0-9a-fA-F]+)", out)
    if not m:
        raise QMPError(f"x /1gx {address:#x}: unexpected answer {out!r}")
    return int(m.group(1), 16)


def interrupt_stack(qmp, vector):
    """(IST index, stack top) of an interrupt vector, as the CPU would find
    them: the IST field (bits 0-2 of byte 4) of the vector's 16-byte gate in
    the IDT, and that entry of the TSS's interrupt stack table (IST1 at
    offset 0x24; 0 for an index of 0). The guest is paused meanwhile."""
    with qmp.paused():
        idt, tss = descriptor_tables(qmp)
        index = read_qword(qmp, idt + 16 * vector) >> 32 & 7
        top = read_qword(qmp, tss + 0x24 + 8 * (index - 1)) if index else 0
    return index, top


def read_memory(qmp, address, size, scratch):
    """The ``size`` bytes at a virtual address of the guest (its current page
    tables), copied by QMP's ``memsave`` into the file ``scratch`` (QEMU runs
    on this machine) and read back. The guest is paused meanwhile."""
    try:
        with qmp.paused():
            qmp.execute("memsave", {"val": address, "size": size, "filename": str(scratch)})
    except QMPError as e:
        raise GuestError(f"cannot read {size} bytes at {address:#x}: {e}") from e
    with open(scratch, "rb") as f:
        data = f.read()
    if len(data) != size:
        raise GuestError(f"read {len(data)} of the {size} bytes at {address:#x}")
    return data


IF_FLAG = 1 << 9     # RFLAGS.IF: maskable interrupts are taken
_FLAGS_AND_HALT = re.compile(r"\b[ER]FL=([0-9a-fA-F]+)\b.*\bHLT=([01])\b")


def halted_for_good(qmp):
    """True if the CPU sits in ``hlt`` with interrupts off (``cli; hlt``, as
    panic() leaves it). Then only a non-maskable interrupt can wake it: no
    timer tick, no key, nothing the kernel waits for will ever come. Read
    from ``info registers`` (``RFL=`` or ``EFL=``, and ``HLT=1``)."""
    m = _FLAGS_AND_HALT.search(qmp.human("info registers"))
    return bool(m) and m.group(2) == "1" and not int(m.group(1), 16) & IF_FLAG
