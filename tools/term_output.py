"""Output for people at a terminal: verdicts in colour, a running count and
a progress line, none of it where a program or a log reads the text.

At a terminal each of run_tests.py's result blocks starts with its count
(``[12/97]``), verdicts are coloured and the bottom line says what runs,
redrawn every second. Into a pipe or a file the text is plain, with a
"still running" line each minute for a long job. NO_COLOR turns the
colours off; TERM=dumb the count and the progress line too.
"""

import os
import re
import shutil
import sys
import threading
import time

COLOURS = {"PASS": "32", "SKIP": "33", "FAIL": "1;31", "HANG": "1;31",
           "TRIPLE FAULT": "1;31", "BOOT ERROR": "1;31", "TOO MUCH OUTPUT": "1;31"}
VERDICT = re.compile(r"^(\s*)(" + "|".join(COLOURS) + r")(?=[\s:]|$)", re.MULTILINE)
TOTAL = re.compile(r"^(\d+) passed, (\d+) failed$", re.MULTILINE)
LONG_STEP = 60       # seconds: a job this old gets a progress line in a pipe


def for_people(stream=sys.stdout):
    """Is stream a terminal where a count and a redrawn line are welcome?"""
    return stream.isatty() and os.environ.get("TERM", "") != "dumb"


def wants_colour(stream=sys.stdout):
    """Colour too: a terminal, and NO_COLOR not set."""
    return for_people(stream) and not os.environ.get("NO_COLOR")


def paint(code, text):
    """text in the ANSI colour code (e.g. "32" green)."""
    return f"\033[{code}m{text}\033[0m"


def colour_verdicts(text):
    """text with each line's leading verdict (PASS, FAIL, ...) and the
    total line in colour."""
    text = VERDICT.sub(lambda m: m.group(1) + paint(COLOURS[m.group(2)], m.group(2)), text)

    def total(m):
        failed = m.group(2) + " failed"
        return (paint("32", m.group(1) + " passed") + ", "
                + (paint("1;31", failed) if m.group(2) != "0" else failed))
    return TOTAL.sub(total, text)


class Progress:
    """Prints result blocks for the jobs of one run, with the count and,
    at a terminal, colour and a progress line. Safe to call from threads."""

    def __init__(self, total, stream=sys.stdout):
        self.total = total
        self.stream = stream
        self.people = for_people(stream)
        self.colour = wants_colour(stream)
        self.done = 0
        self.running = {}           # label -> start time
        self.noted = {}             # label -> minutes already noted (pipe)
        self.lock = threading.Lock()
        self.status_shown = False
        self.stop = threading.Event()
        self.ticker = threading.Thread(target=self._tick, daemon=True)
        self.ticker.start()

    def started(self, label):
        """A job began."""
        with self.lock:
            self.running[label] = time.monotonic()
            self._status()

    def finished(self, label, text):
        """A job ended with this block of text: print it, counted."""
        with self.lock:
            self.running.pop(label, None)
            self.noted.pop(label, None)
            self.done += 1
            if self.people:
                text = f"[{self.done}/{self.total}] " + (colour_verdicts(text) if self.colour
                                                          else text)
            self._clear()
            print(text, file=self.stream, flush=True)
            self._status()

    def summary(self, text):
        """The closing lines (failed: ..., N passed, N failed)."""
        self.close()
        with self.lock:
            print(colour_verdicts(text) if self.colour else text, file=self.stream, flush=True)

    def close(self):
        """Stop the progress line and erase it."""
        self.stop.set()
        with self.lock:
            self._clear()

    def _clear(self):
        if self.status_shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.status_shown = False

    def _status(self):
        """Redraw the progress line (terminal only; the lock is held)."""
        if not self.people or self.stop.is_set() or not self.running:
            self._clear()
            return
        now = time.monotonic()
        jobs = sorted(self.running.items(), key=lambda item: item[1])
        names = ", ".join(f"{label} ({now - start:.0f} s)" for label, start in jobs)
        line = f"[{self.done}/{self.total}] running: {names}"
        width = shutil.get_terminal_size().columns - 1
        if len(line) > width:
            line = line[:max(0, width - 3)] + "..."
        self.stream.write("\r\033[K" + line)
        self.stream.flush()
        self.status_shown = True

    def _tick(self):
        while not self.stop.wait(1.0):
            with self.lock:
                if self.people:
                    self._status()
                    continue
                now = time.monotonic()
                for label, start in self.running.items():
                    minutes = int(now - start) // LONG_STEP
                    if minutes > self.noted.get(label, 0):
                        self.noted[label] = minutes
                        print(f"... [{self.done}/{self.total}] still running: {label} "
                              f"({minutes * LONG_STEP} s)", file=self.stream, flush=True)
