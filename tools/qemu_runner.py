#!/usr/bin/env python3
"""Boot one kernel image in QEMU, headless, and give exactly one verdict.

This is the machinery behind ``make test``: ``tools/run_tests.py`` calls
:func:`run` for every boot test. It can also be used by hand::

    python3 tools/qemu_runner.py build/gcc/02-minimal-kernel/kernel.iso --screen
    python3 tools/qemu_runner.py ISO --spec lessons/02-minimal-kernel/tests/hello.test

How a test is watched
---------------------
QEMU is started with:

* ``-serial file:LOG``: everything the kernel writes to COM1 lands in a file
  that we read as it grows (under BIOS the serial port is the kernel's alone);
* ``-device isa-debug-exit``: the kernel ends the test by writing 0x10 (QEMU
  exits with 33, success) or 0x11 (exit 35, failure) to port 0xf4;
* ``-no-reboot``: a triple fault makes QEMU exit with status 0 instead of
  rebooting forever;
* ``-qmp unix:SOCK``: the QEMU Machine Protocol, a JSON socket through which
  we read guest memory (the VGA text screen at 0xb8000), type keys and quit.

A *spec* (a ``.test`` file, see :func:`parse_spec`) lists steps to wait for
("serial shows X", "row 0 of the screen starts with Y", "type Z") and whether
the kernel is expected to exit by itself or to keep running.

Verdicts (exactly one per run)
------------------------------
``passed``        every step was met, and the kernel exited with 33
                  (``expect exit``) or is still running (``expect running``).
``failed``        the kernel exited with 35, printed ``panic:`` or a
                  ``[failed]`` test line, or stopped before a step was met.
``triple-fault``  QEMU exited with status 0: the CPU reset. The image is then
                  booted once more with ``-d int,cpu_reset`` to show the chain
                  of exceptions that led there (e.g. #PF -> #DF -> reset).
``hang``          the time limit was reached while the kernel still ran.
``boot-error``    QEMU could not start, or the firmware or GRUB could not
                  boot the kernel (their message is shown).

Only the Python standard library is used, so the tool runs anywhere the
course runs.
"""

import argparse
import codecs
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------
# Constants

QEMU = "qemu-system-x86_64"
# tools/grade.py sets this to run QEMU in its sandbox: a function
# (command, private directory, image) -> the command line to start instead.
SANDBOX = None
OVMF = "/usr/share/ovmf/OVMF.fd"

EXIT_SUCCESS = 33      # the kernel wrote 0x10 to isa-debug-exit: (0x10 << 1) | 1
EXIT_FAILURE = 35      # the kernel wrote 0x11: (0x11 << 1) | 1
EXIT_RESET = 0         # with -no-reboot: the CPU reset (a triple fault)

VGA_ADDRESS = 0xB8000  # physical address of the VGA text buffer
VGA_COLUMNS = 80
VGA_ROWS = 25

POLL_INTERVAL = 0.1    # seconds between two looks at serial/screen
SCREEN_INTERVAL = 0.5  # how often the screen is read when no step needs it
DEFAULT_TIMEOUT = 30.0

VERDICTS = ("passed", "failed", "hang", "triple-fault", "boot-error")

# How a verdict is shown at the start of a result line.
VERDICT_TAG = {
    "passed": "PASS",
    "failed": "FAIL",
    "hang": "HANG",
    "triple-fault": "TRIPLE FAULT",
    "boot-error": "BOOT ERROR",
}

# An in-kernel unit test result line, as printed by the ktest framework.
KTEST_LINE = re.compile(r"^(?P<name>\S+) \.\.\. \[(?P<result>ok|failed)\]$")

# Text on the screen (or, under UEFI, on the serial port) that means the
# firmware or GRUB could not start the kernel. None of these appear during a
# good boot, so seeing one ends the run at once.
BOOT_ERROR_MARKERS = (
    "No bootable device",                 # SeaBIOS found nothing to boot
    "Could not read from CDROM",          # SeaBIOS: not a BIOS-bootable ISO
    "boot error:",                        # our 32-bit entry code (common/boot)
    "Press any key to continue",          # GRUB after a failed menu entry
    "Failed to boot both default and fallback entries",
    "Minimal BASH-like line editing",     # GRUB's shell: no usable grub.cfg
)
# GRUB prints "error: ..." for any failure. Under BIOS it is only trusted at
# the time limit and if the kernel never wrote to serial, because a kernel
# that does not clear the screen leaves GRUB's harmless messages on it.
GRUB_ERROR = "error:"

# Set by a driver (run_tests.py) on Ctrl-C: every running boot stops, kills
# its QEMU and raises Interrupted.
STOP = threading.Event()


class Interrupted(Exception):
    """The run was stopped from outside (STOP was set)."""


class SpecError(Exception):
    """A .test file could not be understood."""


class QMPError(Exception):
    """QEMU's QMP socket failed or answered with an error."""


# ---------------------------------------------------------------------------
# Test specs

@dataclass
class Step:
    """One thing to wait for (or do) during a boot test."""
    kind: str            # serial, screen, screen-row, screen-attr, send-keys, cursor
    text: str = ""       # the text to find or to type
    row: int = 0         # for screen-row, screen-attr and cursor
    col: int = 0         # for screen-attr and cursor
    attr: int = 0        # for screen-attr
    source: str = ""     # the spec line, to name the step in messages

    def describe(self):
        """The step as written in the spec, e.g. 'serial "Hello"'."""
        return self.source or self.kind


@dataclass
class Spec:
    """A parsed .test file. All fields have the documented defaults."""
    kernel: str = ""          # "main", "ktest" or an integration kernel name
    timeout: float = DEFAULT_TIMEOUT
    firmware: str = "bios"    # bios or uefi
    cpu: str = ""             # a QEMU CPU model (-cpu), "" for QEMU's default
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

    def image_name(self):
        """The file name stem of the image: kernel, ktest or NAME."""
        return "kernel" if self.kernel == "main" else self.kernel


def _tokenize(line, lineno, where):
    """Split one spec line into words; a quoted string is one word.

    Returns a list of (is_quoted, text). '#' outside quotes starts a comment.
    Inside quotes, backslash escapes \\" \\\\ \\n, \\t and \\b (Backspace, for
    send-keys) are understood.
    """
    tokens = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            i += 1
        elif c == "#":
            break
        elif c == '"':
            i += 1
            text = []
            while True:
                if i >= n:
                    raise SpecError(f"{where}:{lineno}: unterminated string")
                c = line[i]
                if c == '"':
                    i += 1
                    break
                if c == "\\":
                    if i + 1 >= n:
                        raise SpecError(f"{where}:{lineno}: backslash at end of line")
                    esc = line[i + 1]
                    mapped = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "b": "\b"}.get(esc)
                    if mapped is None:
                        raise SpecError(f"{where}:{lineno}: unknown escape \\{esc}")
                    text.append(mapped)
                    i += 2
                else:
                    text.append(c)
                    i += 1
            tokens.append((True, "".join(text)))
        else:
            start = i
            while i < n and not line[i].isspace() and line[i] not in '"#':
                i += 1
            tokens.append((False, line[start:i]))
    return tokens


def _strip_comment(line):
    """The line without a trailing comment (quotes respected), for messages."""
    in_quotes = escaped = False
    for i, c in enumerate(line):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == '"':
            in_quotes = not in_quotes
        elif c == "#" and not in_quotes:
            return line[:i].strip()
    return line.strip()


def parse_spec(text, name="spec", path=""):
    """Parse the text of a .test file into a :class:`Spec`.

    ``name`` is the spec's stem: it is the default kernel (an integration
    test kernel built from tests/NAME.c). Raises SpecError with file and line
    on any mistake, so a typo never silently turns into a passing test.

    Format, one directive a line (``#`` comments, blank lines ignored)::

        kernel main|ktest|NAME      timeout SECONDS      firmware bios|uefi
        cpu MODEL                   (a QEMU CPU model, e.g. qemu32: no long mode)
        expect exit|running         verdict passed|failed|hang|triple-fault|boot-error
        serial "text"               screen "text"        screen-row ROW "text"
        screen-attr ROW COL 0xAT    send-keys "text"
        cursor ROW COL              (the VGA hardware cursor, read from the emulated card)
    """
    where = path or name
    spec = Spec(kernel=name, path=path)
    for lineno, line in enumerate(text.splitlines(), 1):
        tokens = _tokenize(line, lineno, where)
        if not tokens:
            continue
        quoted0, word = tokens[0]
        args = tokens[1:]
        if quoted0:
            raise SpecError(f"{where}:{lineno}: a line must start with a directive")

        def need(kinds, what):
            # kinds: one character per argument, 'w' a plain word, 's' a string
            if len(args) != len(kinds) or any(
                    (k == "s") != quoted for k, (quoted, _) in zip(kinds, args)):
                raise SpecError(f"{where}:{lineno}: usage: {word} {what}")
            return [value for _, value in args]

        def number(value, low, high, what):
            try:
                result = int(value, 0)
            except ValueError:
                raise SpecError(f"{where}:{lineno}: {what} must be a number, not {value!r}")
            if not low <= result <= high:
                raise SpecError(f"{where}:{lineno}: {what} must be {low}..{high}")
            return result

        source = _strip_comment(line)
        if word == "kernel":
            (value,) = need("w", "main|ktest|NAME")
            spec.kernel = value
        elif word == "timeout":
            (value,) = need("w", "SECONDS")
            try:
                spec.timeout = float(value)
            except ValueError:
                raise SpecError(f"{where}:{lineno}: timeout must be a number of seconds")
            if spec.timeout <= 0:
                raise SpecError(f"{where}:{lineno}: timeout must be positive")
        elif word == "firmware":
            (value,) = need("w", "bios|uefi")
            if value not in ("bios", "uefi"):
                raise SpecError(f"{where}:{lineno}: firmware must be bios or uefi")
            spec.firmware = value
        elif word == "cpu":
            (value,) = need("w", "MODEL")
            spec.cpu = value
        elif word == "expect":
            (value,) = need("w", "exit|running")
            if value not in ("exit", "running"):
                raise SpecError(f"{where}:{lineno}: expect must be exit or running")
            spec.expect = value
        elif word == "verdict":
            (value,) = need("w", "|".join(VERDICTS))
            if value not in VERDICTS:
                raise SpecError(f"{where}:{lineno}: verdict must be one of {', '.join(VERDICTS)}")
            spec.verdict = value
        elif word in ("serial", "screen"):
            (value,) = need("s", '"text"')
            if not value:
                raise SpecError(f"{where}:{lineno}: empty text")
            spec.steps.append(Step(word, text=value, source=source))
        elif word == "send-keys":
            (value,) = need("s", '"text"')
            for ch in value:            # reject untypable text now, not mid-boot
                try:
                    key_codes(ch)
                except ValueError as e:
                    raise SpecError(f"{where}:{lineno}: {e}")
            spec.steps.append(Step(word, text=value, source=source))
        elif word == "screen-row":
            row, value = need("ws", 'ROW "text"')
            spec.steps.append(Step(word, text=value, source=source,
                                   row=number(row, 0, VGA_ROWS - 1, "ROW")))
        elif word == "screen-attr":
            row, col, attr = need("www", "ROW COL 0xAT")
            spec.steps.append(Step(word, source=source,
                                   row=number(row, 0, VGA_ROWS - 1, "ROW"),
                                   col=number(col, 0, VGA_COLUMNS - 1, "COL"),
                                   attr=number(attr, 0, 0xFF, "attribute")))
        elif word == "cursor":
            row, col = need("ww", "ROW COL")
            spec.steps.append(Step(word, source=source,
                                   row=number(row, 0, VGA_ROWS - 1, "ROW"),
                                   col=number(col, 0, VGA_COLUMNS - 1, "COL")))
        else:
            raise SpecError(f"{where}:{lineno}: unknown directive {word!r}")
    return spec


def load_spec(path):
    """Read and parse a .test file; its stem is the default kernel name."""
    path = Path(path)
    return parse_spec(path.read_text(encoding="utf-8"), name=path.stem, path=str(path))


# ---------------------------------------------------------------------------
# QMP: the QEMU Machine Protocol

class QMPClient:
    """A minimal QMP client over a Unix socket.

    QMP speaks one JSON object per line. After connecting, QEMU sends a
    greeting; the client must send ``qmp_capabilities`` before any other
    command. Replies are ``{"return": ...}`` or ``{"error": ...}``; events
    (``{"event": ...}``) may arrive at any time and are kept in ``events``.

    Example::

        qmp = QMPClient("/tmp/x/qmp.sock")
        qmp.connect()
        qmp.qmp_capabilities()
        print(qmp.execute("query-status"))
    """

    def __init__(self, path, timeout=5.0):
        self.path = str(path)
        self.timeout = timeout   # for each reply
        self.sock = None
        self.buffer = b""
        self.events = []
        self.greeting = None

    def connect(self, wait=5.0, alive=None):
        """Connect, retrying for ``wait`` seconds while QEMU creates the socket.

        ``alive`` is an optional function returning False once QEMU has
        exited, to stop retrying early. Returns the greeting.
        """
        deadline = time.monotonic() + wait
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(self.path)
                break
            except OSError as e:
                sock.close()
                if time.monotonic() >= deadline or (alive and not alive()):
                    raise QMPError(f"cannot connect to QMP socket {self.path}: {e}")
                time.sleep(0.05)
        sock.settimeout(self.timeout)
        self.sock = sock
        self.greeting = self._read_message()
        if "QMP" not in self.greeting:
            raise QMPError(f"unexpected QMP greeting: {self.greeting}")
        return self.greeting

    def _read_message(self):
        """Read one JSON line from QEMU."""
        while b"\n" not in self.buffer:
            try:
                chunk = self.sock.recv(65536)
            except OSError as e:     # includes socket.timeout
                raise QMPError(f"QMP read failed: {e}")
            if not chunk:
                raise QMPError("QMP connection closed (QEMU exited?)")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            raise QMPError(f"QMP sent something that is not JSON: {line[:200]!r}")

    def execute(self, command, arguments=None):
        """Run one QMP command and return its "return" value.

        Raises QMPError if QEMU answers with an error or goes away.
        """
        if self.sock is None:
            raise QMPError("QMP not connected")
        message = {"execute": command}
        if arguments:
            message["arguments"] = arguments
        try:
            self.sock.sendall(json.dumps(message).encode() + b"\n")
        except OSError as e:
            raise QMPError(f"QMP write failed: {e}")
        while True:
            reply = self._read_message()
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                error = reply["error"]
                raise QMPError(f"{command}: {error.get('class')}: {error.get('desc')}")
            if "return" in reply:
                return reply["return"]

    def qmp_capabilities(self):
        """Leave capabilities negotiation mode; required before other commands."""
        return self.execute("qmp_capabilities")

    def close(self):
        """Close the socket (QEMU keeps running)."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None


# ---------------------------------------------------------------------------
# The VGA text screen

def _cp437_table():
    """Byte -> character for showing VGA text.

    The VGA font is code page 437. Byte 0 (cleared memory) shows as a space;
    the other control bytes (smileys, arrows... in the VGA font) as '?', so
    that text comparisons stay plain.
    """
    table = []
    for b in range(256):
        if b == 0:
            table.append(" ")
        elif b < 0x20 or b == 0x7F:
            table.append("?")
        else:
            table.append(bytes([b]).decode("cp437"))
    return table


CP437 = _cp437_table()


def decode_screen(data):
    """Turn 4000 bytes of VGA memory into 25 rows of (text, attrs).

    Each cell is two bytes: the character, then its attribute (low nibble
    foreground colour, high nibble background). ``text`` is an 80-character
    str, ``attrs`` the 80 attribute bytes, exact.
    """
    rows = []
    for r in range(VGA_ROWS):
        cells = data[r * VGA_COLUMNS * 2:(r + 1) * VGA_COLUMNS * 2]
        text = "".join(CP437[b] for b in cells[0::2])
        rows.append((text.ljust(VGA_COLUMNS), bytes(cells[1::2]).ljust(VGA_COLUMNS, b"\0")))
    return rows


def read_screen(qmp, scratch=None):
    """Read the VGA text screen of a running guest: 25 rows of (text, attrs).

    QMP's ``pmemsave`` copies guest physical memory to a file; QEMU runs on
    this machine, so we read that file back. ``scratch`` is the file to use
    (a temporary one by default).
    """
    own = scratch is None
    if own:
        fd, scratch = tempfile.mkstemp(prefix="vga-", suffix=".bin")
        os.close(fd)
    try:
        qmp.execute("pmemsave", {"val": VGA_ADDRESS, "size": VGA_COLUMNS * VGA_ROWS * 2,
                                 "filename": str(scratch)})
        with open(scratch, "rb") as f:
            return decode_screen(f.read())
    finally:
        if own:
            os.unlink(scratch)


def read_cursor(qmp):
    """The VGA hardware cursor as (row, column), read from the emulated CRT
    controller (registers 0x0e and 0x0f behind ports 0x3d4/0x3d5) through
    the monitor's I/O port commands: what the card shows, not what the
    kernel says. The index register is put back afterwards."""
    def port(command):
        out = qmp.execute("human-monitor-command", {"command-line": command})
        return int(str(out).strip().rsplit("=", 1)[-1], 16) if command.startswith("i ") else 0

    index = port("i /b 0x3d4")
    cell = 0
    for register in (0x0e, 0x0f):
        port(f"o /b 0x3d4 {register:#x}")
        cell = cell << 8 | port("i /b 0x3d5")
    port(f"o /b 0x3d4 {index:#x}")
    return divmod(cell, VGA_COLUMNS)


def screen_text(rows):
    """The screen as text: one line per row, trailing blanks and rows removed."""
    lines = [text.rstrip() for text, _ in rows]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# The keyboard

# Characters typed without shift, as QEMU "qcode" key names.
_PLAIN_KEYS = {
    " ": "spc", "\n": "ret", "\t": "tab", "\b": "backspace", "-": "minus", "=": "equal",
    "[": "bracket_left", "]": "bracket_right", "\\": "backslash",
    ";": "semicolon", "'": "apostrophe", "`": "grave_accent",
    ",": "comma", ".": "dot", "/": "slash",
}
# Characters that need shift on a US keyboard, and the key shifted.
_SHIFTED_KEYS = {
    "!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7",
    "*": "8", "(": "9", ")": "0", "_": "minus", "+": "equal",
    "{": "bracket_left", "}": "bracket_right", "|": "backslash",
    ":": "semicolon", '"': "apostrophe", "~": "grave_accent",
    "<": "comma", ">": "dot", "?": "slash",
}


def key_codes(ch):
    """The qcodes to press together to type ``ch`` on a US keyboard.

    Raises ValueError for characters that have no key.
    """
    if "a" <= ch <= "z" or "0" <= ch <= "9":
        return [ch]
    if "A" <= ch <= "Z":
        return ["shift", ch.lower()]
    if ch in _PLAIN_KEYS:
        return [_PLAIN_KEYS[ch]]
    if ch in _SHIFTED_KEYS:
        return ["shift", _SHIFTED_KEYS[ch]]
    raise ValueError(f"cannot type {ch!r} with send-keys")


def send_keys(qmp, text, hold_ms=30, gap=0.06):
    """Type ``text`` on the guest's PS/2 keyboard through QMP ``send-key``.

    QEMU presses the keys, holds them ``hold_ms`` and releases them. We wait
    ``gap`` seconds (longer than the hold) between characters, so that a
    shift held for one character is released before the next one and a
    polling driver sees every key.
    """
    for ch in text:
        keys = [{"type": "qcode", "data": k} for k in key_codes(ch)]
        qmp.execute("send-key", {"keys": keys, "hold-time": hold_ms})
        time.sleep(gap)


# ---------------------------------------------------------------------------
# The serial log

_ANSI_ESCAPE = re.compile(r"\x1b(\[[0-9;=?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[@-Z\\-_])")


def clean_serial(text):
    """Serial text as a person reads it: no CR, no terminal escape sequences.

    Under UEFI the firmware and GRUB draw on the serial port with ANSI
    escapes; the kernel's own lines come out intact once those are removed.
    """
    return _ANSI_ESCAPE.sub("", text).replace("\r", "")


class SerialLog:
    """Follows the growing serial log file that QEMU writes.

    ``text`` is everything read so far, cleaned. Complete lines are cleaned
    once; the unfinished last line is kept raw until its newline arrives, so
    an escape sequence split between two reads is still recognised.
    """

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.done = ""        # cleaned complete lines
        self.pending = ""     # raw unfinished line

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


def tail(lines, n=15):
    """The last n non-empty lines."""
    lines = [line for line in lines if line.strip()]
    return lines[-n:]


# ---------------------------------------------------------------------------
# Triple-fault diagnosis

# x86 exception vectors, for turning "v=0e" into words.
EXCEPTIONS = {
    0x00: ("#DE", "divide error"),
    0x01: ("#DB", "debug"),
    0x02: ("NMI", "non-maskable interrupt"),
    0x03: ("#BP", "breakpoint"),
    0x04: ("#OF", "overflow"),
    0x05: ("#BR", "bound range exceeded"),
    0x06: ("#UD", "invalid opcode"),
    0x07: ("#NM", "device not available"),
    0x08: ("#DF", "double fault"),
    0x09: ("#MF", "coprocessor segment overrun"),
    0x0A: ("#TS", "invalid TSS"),
    0x0B: ("#NP", "segment not present"),
    0x0C: ("#SS", "stack-segment fault"),
    0x0D: ("#GP", "general protection fault"),
    0x0E: ("#PF", "page fault"),
    0x10: ("#MF", "x87 floating-point error"),
    0x11: ("#AC", "alignment check"),
    0x12: ("#MC", "machine check"),
    0x13: ("#XM", "SIMD floating-point exception"),
    0x14: ("#VE", "virtualization exception"),
    0x15: ("#CP", "control protection"),
}


def vector_name(vector, software=False):
    """'#PF' for 0x0e; 'int 0x80' for software interrupts; 'IRQ vector 0x20'."""
    if software:
        return "int3" if vector == 3 else f"int 0x{vector:02x}"
    if vector in EXCEPTIONS:
        return EXCEPTIONS[vector][0]
    return f"vector 0x{vector:02x}"


def elf_symbolizer(path):
    """Return a function address -> 'name+0xoff' (or None) for an ELF file.

    A tiny reader for the ELF symbol table (32- or 64-bit, little endian),
    enough to say in which function a fault happened. Only symbols in code
    sections count, and only for addresses inside that section.
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return lambda address: None
    if data[:4] != b"\x7fELF" or data[5] != 1:
        return lambda address: None
    is64 = data[4] == 2
    if is64:
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        section_format, symbol_format = "<IIQQQQIIQQ", "<IBBHQQ"
    else:
        shoff, = struct.unpack_from("<I", data, 0x20)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x2E)
        section_format, symbol_format = "<IIIIIIIIII", "<IIIBBH"
    sections = []   # (type, flags, address, offset, size, link, entsize)
    for i in range(shnum):
        _, sh_type, flags, addr, off, size, link, _, _, entsize = struct.unpack_from(
            section_format, data, shoff + i * shentsize)
        sections.append((sh_type, flags, addr, off, size, link, entsize))
    SHT_SYMTAB, SHF_EXECINSTR = 2, 0x4
    symbols = []    # (address, size, name, section end)
    for sh_type, _, _, off, size, link, entsize in sections:
        if sh_type != SHT_SYMTAB or not entsize:
            continue
        str_off = sections[link][3]
        for j in range(size // entsize):
            fields = struct.unpack_from(symbol_format, data, off + j * entsize)
            if is64:
                name, info, _, shndx, value, sym_size = fields
            else:
                name, value, sym_size, info, _, shndx = fields
            # Labels, data and functions (not sections or files), defined
            # in a code section (not absolute constants like SEG_LONG_MODE).
            if info & 0xF not in (0, 1, 2) or not name or not 0 < shndx < len(sections):
                continue
            _, flags, sec_addr, _, sec_size, _, _ = sections[shndx]
            if not flags & SHF_EXECINSTR:
                continue
            end = data.find(b"\0", str_off + name)
            symbols.append((value, sym_size, data[str_off + name:end].decode(errors="replace"),
                            sec_addr + sec_size))
    symbols.sort()

    def lookup(address):
        # The symbol that starts closest below the address and contains it
        # (symbols without a size, like assembly labels, reach up to the
        # next symbol or the end of their section).
        best = None
        for value, size, name, section_end in symbols:
            if value > address:
                break
            if (size == 0 and address < section_end) or address < value + size:
                best = (value, name)
        if best is None:
            return None
        offset = address - best[0]
        return best[1] + (f"+0x{offset:x}" if offset else "")
    return lookup


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
        words = EXCEPTIONS.get(vector, ("", ""))[1] if not (software or hardware) else ""
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
# Running QEMU

@dataclass
class Result:
    """What one boot produced."""
    verdict: str                 # one of VERDICTS
    reason: str = ""             # one line: why this verdict
    duration: float = 0.0        # seconds
    exit_status: object = None   # QEMU's exit status (None: we stopped it)
    serial: str = ""             # all serial output, cleaned
    screen: list = None          # last screen read: 25 (text, attrs), or None
    details: list = field(default_factory=list)   # extra lines to show
    ktests: list = field(default_factory=list)    # (name, passed, context)
    qemu_stderr: str = ""

    def serial_tail(self, n=15):
        """The last n non-empty serial lines."""
        return tail(self.serial.splitlines(), n)


def qemu_command(iso, serial_log, qmp_socket, firmware="bios", extra=()):
    """The QEMU command line for one headless test boot."""
    command = [
        QEMU, "-accel", "tcg",     # KVM is nested here: slower, and breaks breakpoints
        "-m", "128M",
        "-display", "none",
        "-no-reboot",              # a triple fault exits (status 0) instead of rebooting
        "-nodefaults", "-vga", "std",   # no network card etc.; keep a VGA card
        "-cdrom", str(iso),
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-serial", f"file:{serial_log}",
        "-qmp", f"unix:{qmp_socket},server=on,wait=off",
        "-monitor", "none",
    ]
    if firmware == "uefi":
        command += ["-bios", OVMF]
    return command + list(extra)


def _private_dir():
    """A fresh directory for one boot's socket and logs.

    A Unix socket path is limited to 107 bytes, so fall back to /tmp if
    TMPDIR is deep.
    """
    base = tempfile.gettempdir()
    if len(base) > 60:
        base = "/tmp"
    return tempfile.mkdtemp(prefix="qemu-runner-", dir=base)


def _boot_error_on(text):
    """The boot-error marker found in text, or None."""
    for marker in BOOT_ERROR_MARKERS:
        if marker in text:
            return marker
    return None


def find_boot_error(screen, serial_text, firmware, at_timeout=False):
    """The line explaining why the kernel could not start, or None.

    ``screen`` is the last screen read (or None). Our entry code prints
    "boot error:" on both screen and serial, so it is always believed.
    Firmware and GRUB messages are looked for on the serial port under UEFI
    (where the screen is not VGA text), and on the screen under BIOS only
    while the kernel has said nothing on serial: a kernel that does not
    clear the screen leaves GRUB's (harmless) text there. GRUB's generic
    "error:" is only trusted at the time limit.
    """
    if "boot error:" in serial_text:
        return _boot_error_reason("boot error:", serial_text)
    if firmware == "uefi":
        text, trusted = serial_text, True
    else:
        text = screen_text(screen) if screen else ""
        trusted = not serial_text.strip()
    marker = _boot_error_on(text)
    if marker == "boot error:" or (marker and trusted):
        return _boot_error_reason(marker, text)
    if at_timeout and trusted and firmware == "bios" and GRUB_ERROR in text:
        return _boot_error_reason(GRUB_ERROR, text)
    return None


def _screen_block(rows):
    """'screen:' and the non-empty rows, or nothing if the screen is blank."""
    lines = _screen_lines(rows)
    return ["screen:"] + lines if lines else []


def _screen_lines(rows):
    """Non-empty screen rows, for showing in a report."""
    if rows is None:
        return []
    return [f"{r:2}| {text.rstrip()}" for r, (text, _) in enumerate(rows) if text.strip()]


def _first_failure(lines):
    """The kernel's own explanation: last 'panic:' line, or '[failed]' lines."""
    panics = [line.strip() for line in lines if "panic:" in line]
    if panics:
        return panics[-1]
    failed = [line.strip() for line in lines if line.rstrip().endswith("[failed]")]
    if failed:
        return f"{len(failed)} in-kernel test(s) failed: " + ", ".join(
            f.split(" ...")[0] for f in failed)
    return ""


def boot(iso, spec, extra_args=(), timeout=None):
    """Boot ``iso`` once, follow ``spec``, and return a :class:`Result`.

    This is the core loop: poll QEMU's exit status, the serial log and (when
    needed) the screen every POLL_INTERVAL seconds, advancing through the
    spec's steps in order. QEMU is always killed before returning, also on
    exceptions and Ctrl-C.
    """
    timeout = spec.timeout if timeout is None else timeout
    expect = spec.expectation()
    steps = spec.steps
    start = time.monotonic()
    result = Result("boot-error")

    if not Path(iso).is_file():
        result.reason = f"image not built: {iso}"
        result.verdict = "failed"
        return result
    if spec.firmware == "uefi" and not Path(OVMF).is_file():
        result.reason = f"UEFI firmware not found: {OVMF} (install the ovmf package)"
        return result
    if shutil.which(QEMU) is None:
        result.reason = f"{QEMU} not found (install qemu-system-x86)"
        return result

    workdir = _private_dir()
    serial_path = os.path.join(workdir, "serial.log")
    socket_path = os.path.join(workdir, "qmp.sock")
    screen_path = os.path.join(workdir, "vga.bin")
    stderr_path = os.path.join(workdir, "qemu.stderr")
    if spec.cpu:
        extra_args = ["-cpu", spec.cpu, *extra_args]
    command = qemu_command(iso, serial_path, socket_path, spec.firmware, extra_args)
    if SANDBOX is not None:
        command = SANDBOX(command, workdir, iso)
    proc = None
    qmp = QMPClient(socket_path)
    serial = SerialLog(serial_path)
    we_quit = False
    step_index = 0
    serial_pos = 0        # serial steps search after the previous match
    last_screen = None
    last_screen_time = 0.0

    def finish(verdict, reason, details=()):
        result.verdict = verdict
        result.reason = reason
        result.details = list(details)
        return result

    try:
        with open(stderr_path, "wb") as stderr:
            # A new session: a Ctrl-C in the terminal reaches us, not QEMU,
            # so QEMU's death is never mistaken for a verdict.
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stderr,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        try:
            qmp.connect(wait=10.0, alive=lambda: proc.poll() is None)
            qmp.qmp_capabilities()
        except QMPError:
            if proc.poll() is None:
                raise
            # QEMU already exited: handled below with its status.

        deadline = start + timeout

        def look_at_screen():
            nonlocal last_screen, last_screen_time
            last_screen = read_screen(qmp, screen_path)
            last_screen_time = time.monotonic()
            return last_screen

        def step_met(step):
            """Check (or perform) one step; True when it is done."""
            nonlocal serial_pos
            if step.kind == "serial":
                found = serial.text.find(step.text, serial_pos)
                if found < 0:
                    return False
                serial_pos = found + len(step.text)
                return True
            if step.kind == "send-keys":
                send_keys(qmp, step.text)
                return True
            if step.kind == "cursor":
                return read_cursor(qmp) == (step.row, step.col)
            rows = look_at_screen()
            if step.kind == "screen":
                # Joined rows: text that wraps past column 79 is found too.
                return step.text in "".join(text for text, _ in rows)
            if step.kind == "screen-row":
                return rows[step.row][0].startswith(step.text)
            if step.kind == "screen-attr":
                return rows[step.row][1][step.col] == step.attr
            raise ValueError(step.kind)

        while True:
            if STOP.is_set():
                raise Interrupted()
            status = proc.poll()
            serial.update()
            if status is not None:
                break
            try:
                # Fail fast: a kernel that panics will not recover.
                if expect == "running":
                    reason = _first_failure(serial.complete_lines())
                    if reason:
                        return finish("failed", reason)
                while step_index < len(steps) and step_met(steps[step_index]):
                    step_index += 1
                if expect == "running" and steps and step_index == len(steps):
                    if last_screen_time < time.monotonic() - POLL_INTERVAL:
                        look_at_screen()      # for --screen and reports
                    qmp.execute("quit")
                    we_quit = True
                    return finish("passed", "all steps met")
                # Watch the screen now and then, for boot errors and reports.
                if time.monotonic() - last_screen_time >= SCREEN_INTERVAL:
                    look_at_screen()
                    why = find_boot_error(last_screen, serial.text, spec.firmware)
                    if why:
                        return finish("boot-error", why, _screen_block(last_screen))
            except QMPError:
                # QEMU exiting in the middle of a command is normal (the
                # kernel's exit); anything else is a real failure.
                time.sleep(0.3)
                if proc.poll() is None:
                    raise
                continue
            if time.monotonic() >= deadline:
                try:
                    look_at_screen()    # the screen as it is at the time limit
                except QMPError:
                    pass
                return _timed_out(result, spec, timeout, steps, step_index, serial,
                                  last_screen, finish)
            time.sleep(POLL_INTERVAL)

        # QEMU exited by itself.
        serial.update()
        result.exit_status = status
        lines = serial.lines()
        if status == EXIT_RESET and not we_quit:
            return finish("triple-fault", "QEMU exited with status 0: the CPU reset "
                          "(with -no-reboot this is a triple fault)")
        if status == EXIT_FAILURE:
            message = _first_failure(lines) or (
                "last serial line: " + tail(lines, 1)[0] if tail(lines, 1) else "no serial output")
            return finish("failed", f"kernel reported failure (exit status 35): {message}")
        if status == EXIT_SUCCESS:
            # The kernel may exit between two polls: check the remaining
            # steps against the final serial output.
            while step_index < len(steps) and steps[step_index].kind == "serial" \
                    and step_met(steps[step_index]):
                step_index += 1
            if step_index < len(steps):
                return finish("failed", f"kernel exited (status 33) before step "
                              f"{step_index + 1}/{len(steps)} was met: "
                              f"{steps[step_index].describe()}")
            # A panic the spec waits for (serial "panic: ...") is the
            # expected outcome of a should_panic test, not a failure.
            expected = [s.text for s in steps if s.kind == "serial" and "panic:" in s.text]
            message = _first_failure([line for line in lines
                                      if not any(text in line for text in expected)])
            if message:
                return finish("failed", f"exit status 33, but {message}")
            return finish("passed", "kernel exited with status 33 (success)")
        with open(stderr_path, "r", errors="replace") as f:
            result.qemu_stderr = f.read()
        why = f"QEMU could not run the image (exit status {status})"
        if status is not None and status < 0:
            why = f"QEMU was killed by signal {-status}"
        return finish("boot-error", why, tail(result.qemu_stderr.splitlines(), 10))

    except QMPError as e:
        return finish("boot-error", f"lost contact with QEMU: {e}")
    finally:
        if proc is not None:
            if we_quit:
                try:
                    proc.wait(timeout=2)    # let QEMU finish quitting
                except subprocess.TimeoutExpired:
                    pass
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        qmp.close()
        serial.update()
        result.serial = serial.text
        result.screen = last_screen
        result.ktests = ktest_results(serial.lines())
        result.duration = time.monotonic() - start
        if not result.qemu_stderr and os.path.exists(stderr_path):
            with open(stderr_path, "r", errors="replace") as f:
                result.qemu_stderr = f.read()
        shutil.rmtree(workdir, ignore_errors=True)


def _boot_error_reason(marker, text):
    """The line that best explains a boot error.

    GRUB's first "error:" line is the cause (the later ones are follow-ups
    such as "you need to load the kernel first"); SeaBIOS's "Could not read
    from CDROM (code N)" says more than its final "No bootable device".
    """
    lines = [line.strip() for line in text.splitlines()]
    # Under UEFI, GRUB complains about missing modules before its menu; the
    # errors that matter come after "Booting `entry'".
    booting = [i for i, line in enumerate(lines) if line.startswith("Booting `")]
    if booting:
        lines = lines[booting[-1]:]
    for line in lines:
        if line.startswith(GRUB_ERROR) or line.startswith("boot error:"):
            return line
    for line in lines:
        if "Could not read from CDROM" in line:
            return line
    for line in lines:
        if marker in line:
            return line
    return marker


def _timed_out(result, spec, timeout, steps, step_index, serial, screen, finish):
    """Verdict at the time limit: boot error, failure, pass or hang."""
    screen_block = _screen_block(screen)
    why = find_boot_error(screen, serial.text, spec.firmware, at_timeout=True)
    if why:
        return finish("boot-error", why, screen_block)
    message = _first_failure(serial.lines())
    if message:
        return finish("failed", message)
    limit = f"time limit of {timeout:g} s reached"
    if step_index < len(steps):
        step = steps[step_index]
        details = []
        if screen and step.kind == "screen-attr":
            text, attrs = screen[step.row]
            details.append(f"cell row {step.row} column {step.col} holds "
                           f"{text[step.col]!r} with attribute 0x{attrs[step.col]:02x}")
        elif screen and step.kind == "screen-row":
            details.append(f"row {step.row} is {screen[step.row][0].rstrip()!r}")

        if step.kind.startswith("screen"):
            details += screen_block
        return finish("hang", f"{limit} while waiting for step {step_index + 1}/"
                      f"{len(steps)}: {step.describe()}", details)
    if spec.expectation() == "running":
        # No steps: the test only asks that the kernel keeps running.
        return finish("passed", f"kernel kept running for {timeout:g} s")
    return finish("hang", f"{limit}: the kernel did not exit by itself "
                  "(a test kernel must write to the isa-debug-exit port)")


def run(iso, spec, elf=None):
    """Boot ``iso`` with ``spec`` and return a :class:`Result`.

    Like :func:`boot`, plus the diagnosis of a triple fault: the image is
    booted a second time with QEMU's interrupt log on, and the chain of
    exceptions before the reset is added to the result. ``elf`` (default:
    the .elf next to the ISO) names the functions where faults happened.
    """
    result = boot(iso, spec)
    if result.verdict != "triple-fault":
        return result
    if elf is None:
        candidate = Path(iso).with_suffix(".elf")
        elf = candidate if candidate.is_file() else None
    workdir = _private_dir()
    log_path = os.path.join(workdir, "int.log")
    try:
        # Shorter limit: the first run showed how long it takes to fault.
        limit = min(spec.timeout, 2 * result.duration + 10)
        again = boot(iso, spec, extra_args=["-d", "int,cpu_reset", "-D", log_path],
                     timeout=limit)
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
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def report(result, label, show_time=True, tail_lines=15):
    """Format a result as text: one result line, then indented details.

    ``PASS  02-minimal-kernel/hello  (1.9 s)`` or
    ``FAIL  04-testing/ktest: failed — <reason>  (2.0 s)`` followed by the
    last serial lines (and the screen where it helps).
    """
    tag = VERDICT_TAG[result.verdict]
    timing = f"  ({result.duration:.1f} s)" if show_time else ""
    if result.verdict == "passed":
        return f"{tag}  {label}{timing}"
    name = result.verdict.replace("-", " ")
    lines = [f"{tag}  {label}: {name} — {result.reason}{timing}"]
    body = list(result.details)
    serial_lines = result.serial_tail(tail_lines)
    if serial_lines:
        body.append(f"serial (last {len(serial_lines)} lines):")
        body += ["  " + line for line in serial_lines]
    else:
        body.append("serial: (nothing)")
    screen = _screen_lines(result.screen)
    if result.verdict in ("hang", "boot-error") and screen and "screen:" not in body:
        body.append("screen:")
        body += screen
    return "\n".join(lines + ["    " + line for line in body])


# ---------------------------------------------------------------------------
# Command line

def _default_spec(iso):
    """A spec for an image booted without one, from its file name."""
    stem = Path(iso).stem
    kernel = {"kernel": "main", "ktest": "ktest"}.get(stem, stem)
    spec = Spec(kernel=kernel)
    if spec.expectation() == "running":
        spec.timeout = 5.0       # watch a main kernel for a few seconds
    return spec


def main(argv=None):
    """Boot one image and print its verdict; exit 0 if it is the expected one."""
    parser = argparse.ArgumentParser(
        description="Boot one kernel ISO in QEMU (headless) and print a verdict: "
                    "passed, failed, hang, triple fault or boot error.")
    parser.add_argument("iso", help="the image, e.g. build/gcc/02-minimal-kernel/kernel.iso")
    parser.add_argument("--spec", help="a .test file with the steps to check")
    parser.add_argument("--timeout", type=float, help="time limit in seconds "
                        "(default: the spec's, 30; 5 s for a main kernel without spec)")
    parser.add_argument("--firmware", choices=("bios", "uefi"), help="override the spec")
    parser.add_argument("--screen", action="store_true", help="print the final VGA text screen")
    parser.add_argument("--serial", action="store_true", help="print the whole serial output")
    args = parser.parse_args(argv)

    try:
        spec = load_spec(args.spec) if args.spec else _default_spec(args.iso)
    except (OSError, SpecError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.timeout:
        spec.timeout = args.timeout
    if args.firmware:
        spec.firmware = args.firmware
    signal.signal(signal.SIGTERM, lambda *_: STOP.set())
    try:
        result = run(args.iso, spec)
    except (KeyboardInterrupt, Interrupted):
        print("interrupted", file=sys.stderr)
        return 130
    if args.serial:
        print("---- serial ----")
        print(result.serial.rstrip("\n"))
        print("----------------")
    if args.screen:
        print("---- screen " + "-" * (VGA_COLUMNS - 12))
        print(screen_text(result.screen) if result.screen else "(the screen was never read)")
        print("-" * VGA_COLUMNS)
    print(report(result, args.iso))
    for name, passed, _ in result.ktests:
        print(f"{'PASS' if passed else 'FAIL'}  ktest/{name}")
    wanted = spec.verdict or "passed"
    if spec.verdict:
        print(f"expected verdict: {spec.verdict} — {'as expected' if result.verdict == wanted else 'MISMATCH'}")
    return 0 if result.verdict == wanted else 1


if __name__ == "__main__":
    sys.exit(main())
