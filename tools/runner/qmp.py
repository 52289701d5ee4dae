"""A minimal client for QMP, the QEMU Machine Protocol.

The runner starts QEMU with ``-qmp unix:SOCK,server=on,wait=off`` and uses
this JSON socket to read guest memory (the VGA screen), type keys and quit.
"""

import contextlib
import json
import socket
import time

from .lifetime import STOP, STOP_CHECK, Interrupted


class QMPError(Exception):
    """QEMU's QMP socket failed or answered with an error."""


class QMPShutdown(QMPError):
    """QEMU announced that the guest shut down or reset (its SHUTDOWN event,
    caused by the guest), while a reply was awaited; the reply may never
    come. ``reason`` is the event's: ``guest-reset`` (a triple fault, under
    -no-reboot), ``guest-shutdown`` (QEMU 10's isa-debug-exit too)..."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


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

    def __init__(self, path, timeout=30.0):
        self.path = str(path)
        self.timeout = timeout   # for each reply: QEMU starved of CPU on a loaded machine is slow
        self.sock = None
        self.buffer = b""
        self.events = []
        self.greeting = None

    def connect(self, wait=5.0, alive=None):
        """Connect, retrying for ``wait`` seconds while QEMU creates the socket.

        ``alive`` is an optional function returning False once QEMU has
        exited, to stop retrying early. Returns the greeting.

        The 10 ms between tries cost a boot nothing measurable: QEMU makes
        the socket early in its start, but greets only from its main loop,
        some 10 ms later (QEMU 7.2 here). A socket pair handed to QEMU
        (``-chardev socket,fd=N``) was measured no faster.
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
                if STOP.is_set():
                    raise Interrupted()
                time.sleep(0.01)
        sock.settimeout(STOP_CHECK)
        self.sock = sock
        self.greeting = self._read_message()
        if "QMP" not in self.greeting:
            raise QMPError(f"unexpected QMP greeting: {self.greeting}")
        return self.greeting

    def _read_message(self):
        """Read one JSON line from QEMU."""
        while b"\n" not in self.buffer:
            chunk = self._receive()
            if not chunk:
                raise QMPError("QMP connection closed (QEMU exited?)")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            raise QMPError(f"QMP sent something that is not JSON: {line[:200]!r}")

    def _receive(self):
        """The next bytes QEMU sent, waited for up to ``timeout`` seconds in
        slices of STOP_CHECK: a run stopped (runner.lifetime.STOP) while
        QEMU does not answer raises Interrupted within one slice."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return self.sock.recv(65536)
            except socket.timeout:
                if STOP.is_set():
                    raise Interrupted()
                if time.monotonic() >= deadline:
                    raise QMPError(f"QMP read failed: no answer in {self.timeout:g} s")
            except OSError as e:
                raise QMPError(f"QMP read failed: {e}")

    def events_left(self):
        """The names of every event QEMU sent, including those still unread
        in the socket (QEMU may have exited since: what it wrote is kept)."""
        if self.sock is not None:
            try:
                self.sock.setblocking(False)
                while chunk := self.sock.recv(65536):
                    self.buffer += chunk
            except OSError:     # nothing more for now, or the socket failed
                pass
            finally:
                self.sock.settimeout(STOP_CHECK)
        while b"\n" in self.buffer:
            try:
                message = self._read_message()
            except QMPError:    # a line that is not JSON: skipped
                continue
            if "event" in message:
                self.events.append(message)
        return [event["event"] for event in self.events]

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
                data = reply.get("data", {})
                if reply["event"] == "SHUTDOWN" and data.get("guest"):
                    raise QMPShutdown(f"{command}: the guest shut down or reset",
                                      data.get("reason"))
                continue
            if "error" in reply:
                error = reply["error"]
                raise QMPError(f"{command}: {error.get('class')}: {error.get('desc')}")
            if "return" in reply:
                return reply["return"]

    def inject_nmis(self, count, interval):
        """Deliver COUNT non-maskable interrupts to the guest, INTERVAL
        seconds apart (QMP inject-nmi; cli does not hold them back)."""
        for i in range(count):
            if i and STOP.wait(interval):
                raise Interrupted()
            self.execute("inject-nmi")

    def human(self, command):
        """One human-monitor command (``info registers``, ``x``, ``i``...)
        and its answer, as text: for what QMP itself has no command."""
        return str(self.execute("human-monitor-command", {"command-line": command}))

    def inb(self, port):
        """A byte read from an I/O port of the machine (the monitor's ``i``),
        as the guest's ``inb`` would read it."""
        return int(self.human(f"i /b {port:#x}").strip().rsplit("=", 1)[-1], 16)

    def outb(self, port, value):
        """A byte written to an I/O port of the machine (the monitor's ``o``)."""
        self.human(f"o /b {port:#x} {value:#x}")

    @contextlib.contextmanager
    def paused(self):
        """Stop the guest for the block and let it run again after, so that
        what the host reads in several commands is one consistent state. A
        guest the watchdog stopped at its time limit stays stopped: only our
        own pause ("paused") is undone, never QEMU's ("watchdog")."""
        self.execute("stop")
        try:
            yield
        finally:
            if self.execute("query-status")["status"] == "paused":
                self.execute("cont")

    def qmp_capabilities(self):
        """Leave capabilities negotiation mode; required before other commands."""
        return self.execute("qmp_capabilities")

    def close(self):
        """Close the socket (QEMU keeps running)."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None
