#!/usr/bin/env python3
"""Runs QEMU's terminal display (``-display curses``) with a quit key that
works in every terminal.

usage: tools/qemu_term.py QEMU-COMMAND...

QEMU 7.2's curses front end sees Alt+2 (its monitor key) only when ESC and
"2" arrive in one read, so a person who types Esc, then 2, or whose terminal
does not send Alt as ESC, has no way out of the screen (book/setup.md).
This wrapper owns the terminal and runs QEMU on a pseudo-terminal of its
own, passing every byte on except after Ctrl+A, one byte in any terminal:

    Ctrl+A, then X    quit QEMU (asked over QMP, QEMU's control socket)
    Ctrl+A, then C    switch between the screen and QEMU's monitor
    Ctrl+A, Ctrl+A    a Ctrl+A for the guest

The exit status is QEMU's.
"""

import fcntl
import json
import os
import pty
import select
import shutil
import signal
import socket
import sys
import tempfile
import termios
import tty

CTRL_A = 0x01
# What a terminal sends for Alt+2 and Alt+1: QEMU's curses front end shows
# the monitor on the first and the guest's screen on the second.
TO_MONITOR = b"\x1b2"
TO_SCREEN = b"\x1b1"


def copy_window_size(source, target):
    """Give the pseudo-terminal the size of the person's terminal; the
    kernel then sends QEMU a SIGWINCH and curses redraws."""
    try:
        size = fcntl.ioctl(source, termios.TIOCGWINSZ, b"\0" * 8)
        fcntl.ioctl(target, termios.TIOCSWINSZ, size)
    except OSError:
        pass


def qmp_quit(path):
    """Ask QEMU to quit through its QMP socket; False if it could not be asked."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(path)
            reader = s.makefile("rb")
            reader.readline()                       # the greeting
            for command in ("qmp_capabilities", "quit"):
                s.sendall(json.dumps({"execute": command}).encode() + b"\n")
                reader.readline()
        return True
    except (OSError, ValueError):
        return False


class Keys:
    """The person's keys: passed to QEMU, except the Ctrl+A commands."""

    def __init__(self):
        self.after_ctrl_a = False
        self.in_monitor = False
        self.quit = False

    def filter(self, data):
        """The bytes for QEMU from the bytes typed; sets self.quit on Ctrl+A X."""
        out = bytearray()
        for byte in data:
            if not self.after_ctrl_a:
                if byte == CTRL_A:
                    self.after_ctrl_a = True
                else:
                    out.append(byte)
                continue
            self.after_ctrl_a = False
            key = chr(byte).lower()
            if key == "x":
                self.quit = True
            elif key == "c":
                # One write, so QEMU reads ESC and the digit together.
                out += TO_SCREEN if self.in_monitor else TO_MONITOR
                self.in_monitor = not self.in_monitor
            elif byte == CTRL_A:
                out.append(CTRL_A)
            else:
                out += bytes([CTRL_A, byte])
        return bytes(out)


def write_all(fd, data):
    """Write every byte of data to fd."""
    while data:
        data = data[os.write(fd, data):]


def relay(pid, master, qmp_path):
    """Copy bytes between the person's terminal and QEMU's until QEMU ends."""
    stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()
    keys = Keys()
    asked = False
    inputs = [stdin, master]
    while True:
        ready, _, _ = select.select(inputs, [], [])
        if master in ready:
            try:
                data = os.read(master, 65536)
            except OSError:             # EIO: QEMU closed its terminal
                data = b""
            if not data:
                return
            write_all(stdout, data)
        if stdin in ready:
            data = os.read(stdin, 1024)
            if not data:                # the terminal went away
                keys.quit = True
                inputs.remove(stdin)
            try:
                write_all(master, keys.filter(data))
            except OSError:
                return
            if keys.quit and not asked:
                asked = True
                if not qmp_quit(qmp_path):
                    os.kill(pid, signal.SIGTERM)


def main(argv):
    """Start QEMU on a pseudo-terminal and relay; return QEMU's exit status."""
    if not argv:
        print("usage: tools/qemu_term.py QEMU-COMMAND...", file=sys.stderr)
        return 2
    stdin = sys.stdin.fileno()
    if not os.isatty(stdin):
        os.execvp(argv[0], argv)
    work = tempfile.mkdtemp(prefix="qemu-term-")
    qmp_path = os.path.join(work, "qmp")
    # Naming a QMP socket drops QEMU's default monitor: ask for it again.
    command = argv + ["-monitor", "vc", "-qmp", f"unix:{qmp_path},server=on,wait=off"]
    saved = termios.tcgetattr(stdin)
    pid, master = pty.fork()
    if pid == 0:                        # the child: QEMU on the pseudo-terminal
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    copy_window_size(stdin, master)
    signal.signal(signal.SIGWINCH, lambda *_: copy_window_size(stdin, master))
    try:
        tty.setraw(stdin)
        relay(pid, master, qmp_path)
    finally:
        termios.tcsetattr(stdin, termios.TCSAFLUSH, saved)
        shutil.rmtree(work, ignore_errors=True)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
