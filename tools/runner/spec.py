"""Test specs: the ``.test`` files that say what a boot test waits for.

The language is described once, for people, in the book's instructor
appendix (``book/instructor.md``, *Boot test specs*); this module parses
it. A spec is one directive a line: settings (``kernel``, ``timeout``,
``clock``, ``firmware``, ``boot``, ``bios``, ``cpu``, ``expect``,
``verdict``), each at most once, and steps, met one after the other.

* :func:`load_spec` / :func:`parse_spec`: a file or a text -> :class:`Spec`;
  a mistake is a SpecError naming the file and line, never a silently
  passing test.
* :class:`Spec`: the settings with their defaults, and the steps;
  ``expectation()``, ``boot_path()`` and ``host_input()`` resolve what the
  file leaves to defaults.
* Settings are applied here (``_setting``), steps parsed in
  :mod:`runner.spec_steps`, one line's words and quoted strings in
  :mod:`runner.spec_line`; what each step does is in :mod:`runner.steps`.
* The checks across lines: ``clock guest`` and ``bios qboot`` need a direct
  boot, a guest limit is an even number of seconds
  (:mod:`runner.guest_clock`), and qboot leaves no screen to read.
* The PC BIOS of a direct boot, when the spec names none
  (:func:`default_bios`): qboot, the faster, unless a step needs what only
  SeaBIOS sets up.
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
# The steps that need the local APIC to pass NMIs on (its LINT1 pin), which
# SeaBIOS sets up and qboot does not; a kernel that sets it up itself (lesson
# 07 on) says "bios qboot".
NMI_STEPS = ("inject-nmi",)


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
                              # (parse_spec: the spec's, else default_bios)
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
    spec = Spec(kernel=name, path=path, bios="")
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
    spec.bios = spec.bios or default_bios(spec)
    return spec


def default_bios(spec):
    """The PC BIOS of a spec that names none: qboot for a direct boot under
    the BIOS firmware (it reaches the kernel about 0.04 CPU-s sooner than
    SeaBIOS), unless a step reads the screen (only SeaBIOS runs the VGA
    card's BIOS, which sets up text mode) or injects NMIs (only SeaBIOS puts
    the local APIC in virtual wire mode). A kernel that needs SeaBIOS for
    anything else, such as reading the VGA memory back itself or decoding
    keys as SeaBIOS left the keyboard controller, says ``bios seabios``."""
    if spec.boot not in ("", "direct") or spec.firmwares != ["bios"]:
        return "seabios"
    if any(step.kind in SCREEN_STEPS + NMI_STEPS for step in spec.steps):
        return "seabios"
    return "qboot"


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
