"""Explaining a triple fault: the chain of exceptions before the CPU reset.

:func:`run` is :func:`runner.session.boot` plus this diagnosis: after a
triple fault it boots the image once more with QEMU's ``-d int,cpu_reset``
log; :func:`explain_interrupt_log` reads that log and names the exceptions
(e.g. #PF -> #DF -> triple fault) and, with the kernel's ELF symbols
(:func:`elf_symbolizer`), the functions they happened in.
"""

import os
import re
from pathlib import Path

from exception_names import exception_names, in_words

from .elf import Elf, ElfError
from .qemu import private_dir
from .lifetime import Reaper
from .session import boot

INT_LOG_LIMIT = 256 * 1024 * 1024   # bytes QEMU may write into the -d int log

# The kernel's exception names (exception_table.c), for turning "v=0e" into words.
EXCEPTIONS = exception_names()


def vector_name(vector, software=False):
    """'#PF' for 0x0e; 'int 0x80' for software interrupts; 'IRQ vector 0x20'."""
    if software:
        return "int3" if vector == 3 else f"int 0x{vector:02x}"
    if vector in EXCEPTIONS and EXCEPTIONS[vector][0]:
        return EXCEPTIONS[vector][0]
    return f"vector 0x{vector:02x}"


def elf_symbolizer(path):
    """Return a function address -> 'name+0xoff' (or None) for the kernel's
    ELF file (:meth:`runner.elf.Elf.describe`); one that always says None
    if the file cannot be read."""
    try:
        return Elf(path).describe
    except ElfError:
        return lambda address: None


_INT_LINE = re.compile(
    r"^\s*\d+: v=(?P<v>[0-9a-f]+) e=(?P<e>[0-9a-f]+) i=(?P<i>\d) cpl=(?P<cpl>\d+)"
    r" IP=(?P<cs>[0-9a-f]+):(?P<ip>[0-9a-f]+) pc=(?P<pc>[0-9a-f]+)")
_CR2 = re.compile(r"CR2=([0-9a-f]+)")


def explain_interrupt_log(log_text, elf=None):
    """Find the exception chain before a reset in a ``-d int,cpu_reset`` log.

    QEMU logs every interrupt or exception it delivers as a line
    ``N: v=0e e=0002 i=0 cpl=0 IP=0008:... pc=... SP=...`` followed by a
    register dump, and ``check_exception old: 0xe new 0x8`` when an
    exception happens while delivering another. The chain that killed the
    CPU is the run of last entries at the same instruction address: the
    first fault, then the faults raised while the CPU tried to deliver it.

    Returns (summary, detail_lines), e.g. ("#PF → #DF → triple fault", [...]).
    """
    lines = log_text.splitlines()
    symbolize = elf_symbolizer(elf) if elf else (lambda address: None)
    entries = []     # (index in lines, match)
    for index, line in enumerate(lines):
        m = _INT_LINE.match(line)
        if m:
            entries.append((index, m))
    triple = any("Triple fault" in line for line in lines[-50:])

    def is_hardware(index, m):
        # QEMU logs "Servicing hardware INT=0x20" right before the entry of
        # an IRQ (and alone for IRQs taken in real mode, by the BIOS).
        return index > 0 and m.group("i") == "0" and \
            lines[index - 1].strip() == f"Servicing hardware INT=0x{m.group('v')}"

    chain = []
    for index, m in reversed(entries):
        if chain and m.group("pc") != chain[-1][1].group("pc"):
            break
        chain.append((index, m))
        if is_hardware(index, m) or m.group("i") == "1" or len(chain) >= 6:
            break    # an IRQ or an 'int N' instruction starts the chain
    chain.reverse()

    names = []
    details = []
    for index, m in chain:
        vector = int(m.group("v"), 16)
        software = m.group("i") == "1"
        hardware = is_hardware(index, m)
        name = vector_name(vector, software)
        if hardware:
            name = f"IRQ (vector 0x{vector:02x})"
        names.append(name)
        words = in_words(EXCEPTIONS.get(vector, ("", ""))[1]) if not (software or hardware) else ""
        pc = int(m.group("pc"), 16)
        where = symbolize(pc)
        line = (f"v={m.group('v')} {name}{' ' + words if words else ''}, "
                f"error code 0x{int(m.group('e'), 16):x}, at pc=0x{pc:x}"
                f"{' (' + where + ')' if where else ''}")
        if vector == 0x0E and not software:
            for dump in lines[index + 1:index + 25]:
                c = _CR2.search(dump)
                if c:
                    line += f", CR2=0x{int(c.group(1), 16):x} (the address accessed)"
                    break
        details.append(line)

    if triple:
        names.append("triple fault")
    if not chain:
        summary = "triple fault (no exception was logged)" if triple else \
            "the CPU reset without a logged exception (reset or power-off by the kernel?)"
    else:
        summary = " → ".join(names)
        if not triple:
            summary += " → CPU reset"
    checks = [line for line in lines if line.startswith("check_exception")][-3:]
    if checks:
        details.append("QEMU's log: " + " | ".join(checks) + (" | Triple fault" if triple else ""))
    return summary, details


# ---------------------------------------------------------------------------
# The second boot

def run(iso, spec, elf=None, confine=None):
    """Boot ``iso`` with ``spec`` and return a :class:`Result`.

    Like :func:`boot`, plus the diagnosis of a triple fault: the image is
    booted a second time with QEMU's interrupt log on, and the chain of
    exceptions before the reset is added to the result. ``elf`` (default:
    the .elf next to the ISO) names the functions where faults happened.
    ``confine``: QEMU's sandbox, as :class:`runner.session.BootSession` takes it.
    """
    result = boot(iso, spec, confine=confine)
    if result.verdict != "triple-fault":
        return result
    if elf is None:
        candidate = Path(iso).with_suffix(".elf")
        elf = candidate if candidate.is_file() else None
    workdir = private_dir()
    reaper = Reaper(workdir)      # removes it even if we are killed
    log_path = os.path.join(workdir, "int.log")
    try:
        # Shorter limit: the first run showed how long it takes to fault.
        limit = min(spec.timeout, 2 * result.duration + 10)
        # The interrupt log's end is what counts: let it grow further than
        # a serial log may (only its last 4 MiB are read).
        again = boot(iso, spec, extra_args=["-d", "int,cpu_reset", "-D", log_path],
                     timeout=limit, file_limit=INT_LOG_LIMIT, confine=confine)
        if again.verdict != "triple-fault":
            result.details.append(f"(a second boot with -d int ended differently: "
                                  f"{again.verdict}: {again.reason})")
            return result
        with open(log_path, "rb") as f:
            # The interesting part is at the end; the start is firmware noise.
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 4 * 1024 * 1024))
            log_text = f.read().decode(errors="replace")
        summary, details = explain_interrupt_log(log_text, elf)
        result.reason = summary
        result.details = ["exception chain (from qemu -d int,cpu_reset):"] + \
            ["  " + line for line in details]
    except OSError as e:
        result.details.append(f"(no interrupt log: {e})")
    finally:
        reaper.close()
    return result
