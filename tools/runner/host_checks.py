"""The steps a boot test checks from the host, reading the guest itself.

A kernel that only prints the right words can fool a test that believes
its serial output. These steps look instead: the framebuffer as QEMU shows
it (``display``), the guest's page tables (``page``), the IDT and TSS the
CPU uses (``stack``), the bytes of a painted stack (``stack-used``), and a
printed backtrace against the kernel's ELF file (``backtrace``). The
language is described in :mod:`runner.spec`. The screen, read for the
screen steps and for reports. And whether the kernel can still meet any
step at all: not once its CPU is halted with interrupts off
(:meth:`HostChecks.stopped_for_good`).

:class:`HostChecks` is part of :class:`runner.session.BootSession`. Each
check returns True when its step is met; when the host finds the kernel
wrong it sets ``self.failure`` to the failing Verdict, which ends the boot.
It uses the session's ``spec``, ``iso``, ``qmp``, ``serial`` and
``serial_pos`` (where the previous serial step matched), ``workdir`` (a
private scratch directory), ``screen_path`` and ``cells_address``, ``screen``
(the last screen read, which it sets), and
``steps``, ``step_index``, ``failure`` and ``meet_steps()``.
"""

import os
import re
import time
from pathlib import Path

from .display import DisplayError, compare, symbol
from .elf import Elf, ElfError
from .guest import GuestError, halted_for_good, interrupt_stack, read_memory, translate
from .screen import read_cells, read_screen
from .verdict import Verdict

DISPLAY_PATIENCE = 5.0  # a display step fails after mismatching this long (s),
DISPLAY_INTERVAL = 0.5  # checked at most this often (a screendump is not free)

SETTLE_LIMIT = 1.0       # seconds a finished kernel may take to halt before its last screen is read
SETTLE_INTERVAL = 0.01


class HostChecks:
    """The host's own checks of the guest, for :class:`BootSession`."""

    display_since = None   # display step: when the mismatches began
    display_time = 0.0     # when the display was last compared

    def display_matches(self):
        """The display step: True when the framebuffer shows the cells.

        Only under UEFI. The kernel writes a cell before it draws it, and a
        loaded machine may hold QEMU back for a while in between, so the step
        fails only when the display has mismatched for DISPLAY_PATIENCE.
        """
        if self.spec.firmware != "uefi":
            return True       # the VGA card draws the cells itself
        now = time.monotonic()
        if now - self.display_time < DISPLAY_INTERVAL:
            return False
        self.display_time = now
        dump = os.path.join(self.workdir, "display.ppm")
        cells = read_cells(self.qmp, self.screen_path, self.cells_address)
        self.qmp.execute("screendump", {"filename": dump})
        try:
            why = compare(cells, dump)
        except DisplayError as e:
            self.failure = Verdict("failed", f"cannot check the display: {e}")
            return False
        if why is None:
            return True
        if self.display_since is None:
            self.display_since = now
        if now - self.display_since >= DISPLAY_PATIENCE:
            self.failure = Verdict("failed", "the display does not show the screen's cells: "
                                   + why)
        return False

    def page_matches(self, step):
        """The page step: the host's own walk of the guest's page tables
        agrees with it, else self.failure says what the host found."""
        physical = translate(self.qmp, step.address)
        if (physical is not None) == (step.text == "mapped"):
            return True
        found = "not mapped" if physical is None else f"mapped (to physical {physical:#x})"
        self.failure = Verdict("failed", f"the host walked the guest's page tables and "
                               f"found {step.address:#x} {found} ({step.describe()})")
        return False

    def backtrace_matches(self, step):
        """The backtrace step: the kernel's last backtrace before the previous
        serial match, checked against the ELF file; else self.failure says
        what the host found. Always decided at once."""
        text = self.serial.text[:self.serial_pos]
        start = text.rfind("backtrace: ")
        if start < 0:
            self.failure = Verdict("failed", f"{step.describe()}: the kernel printed no "
                                   "backtrace line")
            return True
        lines = text[start + len("backtrace: "):].split("\n")
        words = lines[0].split()
        for line in lines[1:]:
            if not line.startswith(" " * 11):
                break
            words += line.split()
        try:
            elf = Elf(Path(self.iso).with_suffix(".elf"))
            addresses = [int(word, 16) for word in words]
        except (ElfError, ValueError) as e:
            self.failure = Verdict("failed", f"{step.describe()}: {e}")
            return True
        callee = step.names[0]
        for i, caller in enumerate(step.names[1:]):
            if i >= len(addresses):
                self.failure = Verdict("failed", f"the kernel's backtrace has {len(addresses)} "
                                       f"addresses, the host expected {len(step.names) - 1}")
                return True
            where, target = elf.function_at(addresses[i]), elf.called_at(addresses[i])
            found = f"in {where[0]}+{where[1]:#x}" if where else "in no function"
            if where is None or where[0] != caller or target != elf.function(callee):
                self.failure = Verdict("failed", f"the host checked the backtrace against the "
                                       f"kernel's symbols: address {i + 1}, {addresses[i]:#x}, "
                                       f"is {found}, not a return from {callee} into {caller}")
                return True
            callee = caller
        return True

    def stack_matches(self, step):
        """The stack step: the gate and the TSS, as the CPU would read them,
        lead to the end of the ELF symbol; else self.failure says what the
        host found."""
        try:
            start, size = symbol(Path(self.iso).with_suffix(".elf"), step.text)
        except DisplayError as e:
            self.failure = Verdict("failed", f"{step.describe()}: {e}")
            return False
        try:
            index, top = interrupt_stack(self.qmp, step.address)
        except GuestError as e:
            self.failure = Verdict("failed", f"the host cannot read the IDT and TSS the CPU "
                                   f"uses: {e}")
            return False
        if index != step.index:
            found = f"asks for IST{index}" if index else "asks for no IST stack"
            self.failure = Verdict("failed", f"the host read the IDT the CPU uses: the gate "
                                   f"of vector {step.address} {found}, not IST{step.index}")
            return False
        if top != start + size:
            self.failure = Verdict("failed", f"the host read the TSS the CPU uses: IST"
                                   f"{index} is {top:#x}, not the top of {step.text} "
                                   f"({start + size:#x})")
            return False
        return True

    def stack_use_matches(self, step):
        """The stack-used step: the number the kernel printed after the
        previous serial match equals the host's own count of the used bytes
        of the painted stack; else self.failure says what each found. False
        until the kernel has ended that line."""
        text = self.serial.text
        end = text.find("\n", self.serial_pos)
        if end < 0:
            return False
        said = re.match(r"\s*(\d+)", text[self.serial_pos:end])
        if not said:
            self.failure = Verdict("failed", f"{step.describe()}: the kernel printed no "
                                   f"number after the text: {text[self.serial_pos:end]!r}")
            return False
        try:
            start, size = symbol(Path(self.iso).with_suffix(".elf"), step.text)
            data = read_memory(self.qmp, start, size, os.path.join(self.workdir, "stack.bin"))
        except (DisplayError, GuestError) as e:
            self.failure = Verdict("failed", f"{step.describe()}: {e}")
            return False
        untouched = size - len(data.lstrip(bytes([step.paint])))
        used = size - untouched
        if used != int(said.group(1)):
            self.failure = Verdict("failed", f"the kernel says {said.group(1)} bytes of "
                                   f"{step.text} are used; the host read the stack itself "
                                   f"and counts {used} used ({untouched} of its {size} bytes, "
                                   f"from its low end, still hold the paint {step.paint:#04x})")
            return False
        return True

    def look_at_screen(self):
        """Read the screen now; it is kept for reports."""
        self.screen = read_screen(self.qmp, self.screen_path, self.cells_address)
        return self.screen

    def look_at_settled_screen(self):
        """Read the screen once the kernel has stopped writing to it.

        The last step may be met while the kernel still writes: a report
        goes to serial before the screen, and a screen read in the middle
        of a scroll shows one row twice. So wait, a little, until the CPU
        is halted (``HLT=1`` in the register dump: halted for good, or
        idle between interrupts), then read. A kernel that never halts is
        read when the wait runs out.
        """
        deadline = time.monotonic() + SETTLE_LIMIT
        while "HLT=1" not in self.qmp.human("info registers") \
                and time.monotonic() < deadline:
            time.sleep(SETTLE_INTERVAL)
        return self.look_at_screen()

    def stopped_for_good(self):
        """True if a step is still awaited but the kernel can never meet it:
        its CPU is halted with interrupts off (runner.guest.halted_for_good)
        and no step left injects the NMI that alone could wake it. What it
        wrote before it halted is in the serial log by then (QEMU writes it
        as the guest does), so the steps are tried once more against all of
        it first. The time limit would find the kernel just so: it is judged
        now, as it would be then."""
        pending = self.steps[self.step_index:]
        if not pending or any(step.kind == "inject-nmi" for step in pending) \
                or not halted_for_good(self.qmp):
            return False
        self.serial.update()
        self.meet_steps()
        return self.step_index < len(self.steps) and not self.failure
