"""Test specs: the ``.test`` files that say what a boot test waits for.

This is the one description of the spec language; the chapters point here.

A spec is a text file, one directive per line. ``#`` starts a comment
(outside quotes), blank lines are ignored, and a text argument is written in
double quotes with the escapes ``\\"``, ``\\\\``, ``\\n``, ``\\t`` and ``\\b``
(Backspace, for ``send-keys``). Its file name without ``.test`` is the
default kernel: ``tests/NAME.test`` boots ``NAME.iso``, the integration-test
kernel built from ``tests/NAME.c``.

Settings (each at most once; the defaults in brackets):

``kernel main|ktest|NAME``
    which kernel of the lesson to boot: ``kernel`` (the lesson's own),
    ``ktest`` (all in-kernel tests) or ``NAME`` [the file's name]; its
    ``.elf`` file for a direct boot, its GRUB ``.iso`` otherwise (``boot``).
``timeout SECONDS``
    the time limit of the boot [30]. Reaching it is a ``hang``, unless the
    kernel is expected to keep running and every step was met.
``clock host|guest``
    what the time limit counts [host]. ``host``: seconds on the host's
    clock, so a loaded machine gives the guest less work before the limit.
    ``guest``: seconds of the guest's own clock, which QEMU then advances
    with the instructions the guest executes, and straight to the next
    timer event while it halts (runner.guest_clock): the verdict is the
    same at any load, and a kernel that hangs in ``hlt`` reaches its limit
    in a fraction of a host second. With a ``send-keys`` or ``inject-nmi``
    step a halted guest's clock runs at the host's pace instead, so that it
    does not run ahead while the host types (a hang in ``hlt`` then costs
    its limit in host time). Only for a direct boot: a guest waiting for its
    disk would see its clock jump ahead.
``firmware bios|uefi|bios uefi``
    a PC BIOS (SeaBIOS, or qboot: see ``bios``) or OVMF (UEFI) [bios].
    With both, ``make test`` boots the spec twice, once under each (the
    UEFI run is labelled ``NAME@uefi``, and boots GRUB from the CD-ROM
    unless ``boot usb`` says otherwise); under UEFI the screen steps read
    the kernel's cell buffer (``text_screen_cells``, see
    common/text_screen.h) instead of the VGA memory at 0xb8000.
``boot direct|cdrom|usb``
    how the kernel gets started [direct, except under UEFI: cdrom].
    ``direct``: QEMU loads the kernel's ELF file itself (``-kernel
    NAME.elf``) and enters it through its PVH note, with no boot loader
    (common/boot/pvh_note.asm). ``cdrom``: GRUB from the ISO attached as a
    CD-ROM, the way the lessons boot. ``usb``: the ISO as a USB stick (USB
    mass storage on an xHCI controller: the same image written to a stick
    boots the same way). The tests of the boot path itself and of the boot
    information GRUB hands over say ``cdrom`` or ``usb``; OVMF can only
    boot GRUB, so ``direct`` and ``firmware uefi`` do not go together.
``bios seabios|qboot``
    which PC BIOS starts a direct boot [seabios]. SeaBIOS leaves the
    machine as on a PC: the VGA card in text mode (its VGA BIOS ran) and
    the local APIC passing the PIC's interrupts and NMIs on. qboot starts
    faster but does neither: 0xb8000 reads back blank, and timer,
    keyboard and NMI tests wait forever. Only for kernels that use none of
    these (the runner's self-tests), and never with a step that reads the
    screen (``screen``, ``screen-row``, ``screen-attr``, ``cursor``,
    ``display``).
``cpu MODEL``
    a QEMU CPU model, e.g. ``qemu32`` (a CPU without long mode) [QEMU's
    default].
``expect exit|running``
    whether the kernel ends the test itself through the isa-debug-exit port,
    or keeps running and the runner stops it once every step is met [running
    for ``kernel main``, exit for all others].
``verdict passed|failed|hang|triple-fault|boot-error``
    only in the runner's self-tests (``tests/runner``): the verdict the run
    must get for the self-test to pass [passed].

Steps, met one after the other, in the order written:

``serial "text"``
    the kernel's serial output contains the text, after the place where the
    previous ``serial`` step matched.
``screen "text"``
    the VGA text screen contains the text (rows are joined, so text that
    wraps past column 79 is found too).
``screen-row ROW "text"``
    row ROW (0-24) of the screen starts with the text.
``screen-attr ROW COL 0xAT``
    the cell at ROW, COL (0-79) has the attribute byte AT (low nibble:
    foreground colour, high nibble: background).
``cursor ROW COL``
    the VGA hardware cursor is at ROW, COL, as the emulated card's CRT
    controller holds it (not as the kernel says it is).
``display``
    under UEFI: the framebuffer, as QMP ``screendump`` shows it, is exactly
    the screen's cells drawn with the code page 437 font (runner.display);
    a mismatch that lasts 5 s fails the test with the first differing pixel.
    Under BIOS the VGA card draws the cells itself: the step is met at once.
``page ADDRESS mapped|unmapped``
    the host walks the guest's page tables itself (the CPU's current CR3,
    through the monitor's ``gva2gpa``) and finds the virtual ADDRESS mapped,
    or not mapped. Checked once, when the steps before it are met: if the
    host finds otherwise, the test fails at once, naming what it found. A
    test kernel that waits for a key after saying what it did (lesson 04's
    ``host_checkpoint()``) gives the host the time to look; ``send-keys``
    then lets it go on.
``stack VECTOR IST SYMBOL``
    the host reads, through the monitor, the IDT and the TSS the CPU uses
    (its IDTR and task register) and finds that the gate of interrupt
    VECTOR asks for interrupt stack IST (1-7), and that the TSS's entry IST
    holds the end of SYMBOL, a stack array of the kernel's ELF file (the
    image's ``.elf``). Checked once, like ``page``.
``stack-used SYMBOL 0xPAINT``
    the number the kernel printed right after the place where the previous
    ``serial`` step matched (on the same line) is how many bytes of SYMBOL,
    a stack array of the kernel's ELF file, the host finds used: it reads
    the whole array through the monitor (QMP ``memsave``, the guest paused)
    and counts from its low end the bytes that still hold the byte PAINT
    ("stack painting"); used = the array's size minus those. The two must
    be equal: the kernel is expected to print its count at a checkpoint and
    wait there, having taken the stack no deeper since it counted. Checked
    once, like ``page``.
``backtrace FUNCTION CALLER...``
    the last backtrace the kernel printed on serial before the place where
    the previous ``serial`` step matched (a line ``backtrace: 0x... 0x...``,
    continued on lines that start with blanks) begins with return addresses
    that the host, reading the kernel's ELF file itself, finds right after
    a call to FUNCTION inside the first CALLER, right after a call to that
    CALLER inside the next one, and so on. Needs at least two names; checked
    once, like ``page``.
``send-keys "text"``
    type the text on the PS/2 keyboard (a US layout: letters, digits,
    punctuation, ``\\n`` Enter, ``\\t`` Tab, ``\\b`` Backspace).
``inject-nmi COUNT [INTERVAL_MS]``
    deliver COUNT (1-1000) non-maskable interrupts, INTERVAL_MS (0-10000)
    milliseconds apart [100], through QMP's ``inject-nmi``. An NMI that
    arrives while the previous one is still being handled is held until it
    ends, and further ones are lost (the CPU keeps one pending), so leave
    the kernel time to handle each.
``inject-nmi COUNT each "text"``
    the same, but each NMI after the first waits until the kernel has
    printed ``text`` on serial once more since the previous one (its
    report): none can merge, however slowly a loaded host runs the guest,
    and no time is spent waiting longer than the kernel needs.

Example: lesson 07's line editor (``lessons/07-hardware-interrupts/tests/lab_line_editor.test``)::

    kernel main
    expect running
    timeout 30
    serial "lesson 07: keyboard ready"
    screen "Type something:"
    send-keys "helo\\b\\bllo there\\n"
    serial "line: hello there"
    screen "hello there"

A mistake in a spec (unknown directive, missing quote, row 30...) is an
error with the file and line, never a silently passing test.
"""

from dataclasses import dataclass, field
from pathlib import Path

from . import guest_clock
from .spec_line import SpecError, SpecLine, strip_comment, tokenize
from .spec_steps import Step, parse_step  # noqa: F401  (Step: runner exports it)
from .verdict import VERDICTS

DEFAULT_TIMEOUT = 30.0
BOOTS = ("direct", "cdrom", "usb")
BIOSES = ("seabios", "qboot")
CLOCKS = ("host", "guest")
# The steps that make the guest wait for the host: under clock guest its
# clock must not skip ahead while it halts (runner.guest_clock).
HOST_INPUT_STEPS = ("send-keys", "inject-nmi")
# The steps that read the screen: qboot leaves the VGA card out of text mode.
SCREEN_STEPS = ("screen", "screen-row", "screen-attr", "cursor", "display")


@dataclass
class Spec:
    """A parsed .test file. All fields have the documented defaults."""
    kernel: str = ""          # "main", "ktest" or an integration kernel name
    timeout: float = DEFAULT_TIMEOUT
    clock: str = "host"       # host or guest: what the time limit counts
    firmware: str = "bios"    # bios or uefi: the firmware of this boot
    firmwares: list = field(default_factory=lambda: ["bios"])  # every one listed
    cpu: str = ""             # a QEMU CPU model (-cpu), "" for QEMU's default
    boot: str = ""            # direct, cdrom or usb; "" = the default (see boot_path)
    bios: str = "seabios"     # seabios or qboot: the PC BIOS of a direct boot
    expect: str = ""          # exit or running; "" = the default for kernel
    steps: list = field(default_factory=list)
    verdict: str = ""         # only in tests/runner/*.test
    path: str = ""

    def expectation(self):
        """exit or running: the explicit value, else the kernel's default.

        The main kernel of a lesson never ends by itself (it halts), while
        test kernels report their result through isa-debug-exit.
        """
        if self.expect:
            return self.expect
        return "running" if self.kernel == "main" else "exit"

    def boot_path(self):
        """direct, cdrom or usb: the explicit value, else direct (under
        UEFI, which cannot boot the kernel directly, cdrom)."""
        if self.boot:
            return self.boot
        return "cdrom" if self.firmware == "uefi" else "direct"

    def host_input(self):
        """True if a step sends the guest keys or NMIs, which it may wait for."""
        return any(step.kind in HOST_INPUT_STEPS for step in self.steps)

    def image_name(self):
        """The file name stem of the image: kernel, ktest or NAME."""
        return "kernel" if self.kernel == "main" else self.kernel


def _setting(spec, line):
    """Apply a setting directive; False if line is not one."""
    word = line.word
    if word == "kernel":
        (spec.kernel,) = line.need("w", "main|ktest|NAME")
    elif word == "timeout":
        (value,) = line.need("w", "SECONDS")
        try:
            spec.timeout = float(value)
        except ValueError:
            raise line.error("timeout must be a number of seconds")
        if spec.timeout <= 0:
            raise line.error("timeout must be positive")
    elif word == "clock":
        spec.clock = line.choice(CLOCKS, "clock")
    elif word == "firmware":
        names = [value for _, value in line.args]
        if not names or any(q for q, _ in line.args) or len(set(names)) != len(names) \
                or any(n not in ("bios", "uefi") for n in names):
            raise line.error("usage: firmware bios|uefi|bios uefi")
        spec.firmwares = names
        spec.firmware = names[0]
    elif word == "boot":
        spec.boot = line.choice(BOOTS, "boot")
    elif word == "bios":
        spec.bios = line.choice(BIOSES, "bios")
    elif word == "cpu":
        (spec.cpu,) = line.need("w", "MODEL")
    elif word == "expect":
        spec.expect = line.choice(("exit", "running"), "expect")
    elif word == "verdict":
        spec.verdict = line.choice(VERDICTS, "verdict")
    else:
        return False
    return True


def parse_spec(text, name="spec", path=""):
    """Parse the text of a .test file into a :class:`Spec`.

    ``name`` is the spec's stem: it is the default kernel (an integration
    test kernel built from tests/NAME.c). Raises SpecError with file and line
    on any mistake (the format is described at the top of this module).
    """
    where = path or name
    spec = Spec(kernel=name, path=path)
    for lineno, text_line in enumerate(text.splitlines(), 1):
        tokens = tokenize(text_line, lineno, where)
        if not tokens:
            continue
        quoted0, word = tokens[0]
        line = SpecLine(where, lineno, word, tokens[1:])
        if quoted0:
            raise line.error("a line must start with a directive")
        if not _setting(spec, line):
            spec.steps.append(parse_step(line, strip_comment(text_line)))
    if spec.boot == "direct" and "uefi" in spec.firmwares:
        raise SpecError(f"{where}: boot direct needs a PC BIOS; under UEFI (firmware uefi) "
                        "OVMF can only boot GRUB")
    if spec.clock == "guest":
        _check_guest_clock(spec, where)
    if spec.bios == "qboot":
        if spec.boot not in ("", "direct") or "uefi" in spec.firmwares:
            raise SpecError(f"{where}: bios qboot only starts direct boots (no firmware uefi, "
                            "no boot cdrom or usb)")
        screen = [step.source for step in spec.steps if step.kind in SCREEN_STEPS]
        if screen:
            raise SpecError(f"{where}: bios qboot leaves no VGA text mode to read, "
                            f"but the spec reads the screen ({screen[0]})")
    return spec


def _check_guest_clock(spec, where):
    """Refuse a clock guest spec whose guest would wait for its disk, or
    whose limit QEMU's watchdog cannot count (runner.guest_clock)."""
    if spec.boot not in ("", "direct") or "uefi" in spec.firmwares:
        raise SpecError(f"{where}: clock guest needs a direct boot (no firmware uefi, no "
                        "boot cdrom or usb): a guest waiting for its disk would see its "
                        "clock jump ahead")
    problem = guest_clock.limit_problem(spec.timeout)
    if problem:
        raise SpecError(f"{where}: timeout: {problem}")


def load_spec(path):
    """Read and parse a .test file; its stem is the default kernel name."""
    path = Path(path)
    return parse_spec(path.read_text(encoding="utf-8"), name=path.stem, path=str(path))
