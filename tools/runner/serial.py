"""The serial log: what the kernel wrote to COM1, read as QEMU writes it.

QEMU is started with ``-serial file:LOG``. Under BIOS the port is the
kernel's alone; under UEFI the firmware and GRUB write there too, with
terminal escapes that are removed here.

Whatever a kernel prints, the runner holds a bounded amount of it. A run
whose log passes :data:`SERIAL_LIMIT` bytes ends there, QEMU killed, with
the verdict ``too-much-output`` (:meth:`SerialLog.over_limit`,
:mod:`runner.session`): a kernel printing in a loop would otherwise run
to its time limit, each byte a slow emulated port write, and fill the
disk meanwhile. The runner reads and keeps the first :data:`SERIAL_LIMIT`
bytes, and of each line the first :data:`LINE_LIMIT` characters; QEMU
cannot write more than 8 MiB into the log in any case
(:data:`runner.lifetime.FILE_LIMIT`), should the runner be slow to look.
What is cut is said in the text itself, with a note ``[... N characters
cut]`` at the end of a cut line and ``[... N bytes of serial output cut
...]`` at the end.
"""

import codecs
import os
import re

# Bytes of serial output a run may write, all read and kept; past them the
# run stops. The largest log of `make test` is about 13 KiB (nmi_storm's
# reports); a kernel printing in a loop passes it in well under a second.
SERIAL_LIMIT = 256 * 1024
LINE_LIMIT = 4096                # characters kept of one line

# An in-kernel unit test result line, as printed by the ktest framework.
KTEST_LINE = re.compile(r"^(?P<name>\S+) \.\.\. \[(?P<result>ok|failed)\]$")

# How common/panic.c starts its report, always at the start of a line.
PANIC_MARKER = "panic:"
# How lesson 04's host_checkpoint() starts the line after which it waits,
# interrupts off, for a key.
CHECKPOINT_MARKER = "host check: "

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

    def __init__(self, path, limit=SERIAL_LIMIT):
        self.path = path
        self.limit = limit    # bytes of the file to read at most
        self.offset = 0       # bytes read so far
        self.unread = 0       # bytes in the file past the limit
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.done = ""        # cleaned complete lines
        self.pending = ""     # raw unfinished line, at most LINE_LIMIT characters
        self.pending_cut = 0  # characters of the unfinished line not kept
        self.input_at = None  # len(done) when keys were first typed
        self._text = None     # text, once computed

    def update(self):
        """Read what QEMU wrote since the last call. Returns True if anything."""
        try:
            with open(self.path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                f.seek(self.offset)
                data = f.read(max(0, self.limit - self.offset))
        except FileNotFoundError:
            return False
        unread = max(0, size - self.offset - len(data))
        if not data and unread == self.unread:
            return False
        self.offset += len(data)
        self.unread = unread
        self._add(self.decoder.decode(data))
        self._text = None
        return True

    def _add(self, text):
        """Append decoded text: complete lines are cleaned into done."""
        parts = text.split("\n")
        finished = []
        for i, part in enumerate(parts):
            room = max(0, LINE_LIMIT - len(self.pending))
            if len(part) > room:
                self.pending_cut += len(part) - room
                part = part[:room]
            self.pending += part
            if i < len(parts) - 1:      # a newline ended the line
                finished.append(clean_serial(self.pending) + self._line_note() + "\n")
                self.pending, self.pending_cut = "", 0
        if finished:
            self.done += "".join(finished)

    def _line_note(self):
        return f" [... {self.pending_cut} characters cut]" if self.pending_cut else ""

    @property
    def text(self):
        """All serial output so far, cleaned, including an unfinished line,
        with notes of what was cut."""
        if self._text is None:
            text = self.done + clean_serial(self.pending) + self._line_note()
            if self.unread:
                text += (("" if text.endswith("\n") else "\n") +
                         f"[... {self.unread} bytes of serial output cut: the runner keeps "
                         f"the first {self.limit} bytes]\n")
            self._text = text
        return self._text

    def over_limit(self):
        """True once QEMU has written more than the limit into the log (as
        of the last :meth:`update`): the run must stop."""
        return self.offset + self.unread > self.limit

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

    def waiting_checkpoint(self, after):
        """The kernel's last line if it is a host checkpoint that began at or
        after offset ``after`` of :attr:`text` and nothing followed it (the
        kernel waits there for a key), else None."""
        if self.pending or self.unread or not self.done.endswith("\n"):
            return None
        start = self.done.rfind("\n", 0, len(self.done) - 1) + 1
        line = self.done[start:-1]
        return line if start >= after and line.startswith(CHECKPOINT_MARKER) else None


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
