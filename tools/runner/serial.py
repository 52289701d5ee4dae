"""The serial log: what the kernel wrote to COM1, read as QEMU writes it.

QEMU is started with ``-serial file:LOG``. Under BIOS the port is the
kernel's alone; under UEFI the firmware and GRUB write there too, with
terminal escapes that are removed here.
"""

import codecs
import re

# An in-kernel unit test result line, as printed by the ktest framework.
KTEST_LINE = re.compile(r"^(?P<name>\S+) \.\.\. \[(?P<result>ok|failed)\]$")

# How common/panic.c starts its report, always at the start of a line.
PANIC_MARKER = "panic:"

_ANSI_ESCAPE = re.compile(r"\x1b(\[[0-9;=?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[@-Z\\-_])")


def clean_serial(text):
    """Serial text to match against: no CR, no terminal escape sequences.

    Under UEFI the firmware and GRUB draw on the serial port with ANSI
    escapes; the kernel's own lines come out intact once those are removed.
    This is one pass over known sequences, for matching only: its result
    may still hold control characters (a kernel can split one sequence with
    another, which the pass then joins). Show it only through
    :func:`~runner.printable.printable`.
    """
    return _ANSI_ESCAPE.sub("", text).replace("\r", "")


class SerialLog:
    """Follows the growing serial log file that QEMU writes.

    ``text`` is everything read so far, cleaned. Complete lines are cleaned
    once; the unfinished last line is kept raw until its newline arrives, so
    an escape sequence split between two reads is still recognised.

    Once keys are typed (:meth:`mark_input`), what follows may be the
    kernel echoing them: :meth:`framework_lines` are the lines that were
    complete before, the only ones whose markers (``panic:``, ``boot
    error:``, ``[failed]``) count as the kernel's own.
    """

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.done = ""        # cleaned complete lines
        self.pending = ""     # raw unfinished line
        self.input_at = None  # len(done) when keys were first typed

    def update(self):
        """Read what QEMU wrote since the last call. Returns True if anything."""
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return False
        if not data:
            return False
        self.offset += len(data)
        self.pending += self.decoder.decode(data)
        cut = self.pending.rfind("\n")
        if cut >= 0:
            self.done += clean_serial(self.pending[:cut + 1])
            self.pending = self.pending[cut + 1:]
        return True

    @property
    def text(self):
        """All serial output so far, cleaned, including an unfinished line."""
        return self.done + clean_serial(self.pending)

    def complete_lines(self):
        """The lines that ended with a newline."""
        return self.done.splitlines()

    def mark_input(self):
        """Keys are about to be typed: later lines may echo them."""
        if self.input_at is None:
            self.update()
            self.input_at = len(self.done)

    def framework_lines(self, complete=False):
        """The lines written before any typed input (all lines if none was
        typed; with ``complete``, only those that ended with a newline)."""
        if self.input_at is not None:
            return self.done[:self.input_at].splitlines()
        return self.complete_lines() if complete else self.lines()

    def lines(self):
        """All lines, including an unfinished last one."""
        return self.text.splitlines()


def ktest_results(lines):
    """In-kernel test results from serial lines.

    Returns a list of (name, passed, context): context holds the lines the
    kernel printed between the previous result and this one (usually the
    failed assertion's message).
    """
    results = []
    context = []
    for line in lines:
        m = KTEST_LINE.match(line.strip())
        if m:
            results.append((m.group("name"), m.group("result") == "ok", context[-10:]))
            context = []
        else:
            context.append(line)
    return results


def first_failure(lines):
    """The kernel's own explanation: last 'panic:' line, or '[failed]' lines.

    Only lines as the kernel's framework writes them count: panic() starts
    its line with ``panic:`` (on a new line if need be), the ktest framework
    writes ``NAME ... [failed]``. "dont panic: all is well" is not a panic.
    """
    panics = [line.strip() for line in lines if line.startswith(PANIC_MARKER)]
    if panics:
        return panics[-1]
    failed = [line.strip() for line in lines
              if (m := KTEST_LINE.match(line.strip())) and m.group("result") == "failed"]
    if failed:
        return f"{len(failed)} in-kernel test(s) failed: " + ", ".join(
            f.split(" ...")[0] for f in failed)
    return ""


def tail(lines, n=15):
    """The last n non-empty lines."""
    lines = [line for line in lines if line.strip()]
    return lines[-n:]
