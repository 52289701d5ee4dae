#!/usr/bin/env python3
"""Screenshots of each lesson's real screen, for the book (``make screenshots``).

usage: python3 tools/screenshots.py [--build DIR] [LESSON...]

Boots each lesson's kernel.iso headless, waits until the kernel has written
to the serial port and the screen has stopped changing (a blinking cursor's
two pictures count as one), and saves QEMU's ``screendump`` as
book/figures/screens/<lesson>-bios.png. A screen that never settles
(lesson 07's timer) is taken at the time limit, and says so; a kernel that
exits first or never writes to the serial port is an error. ``make docs``
does not run it, so building the book leaves the tree as it was.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from course import ROOT, lesson_dirs, rel          # noqa: E402  (beside this file)
from runner.qmp import QMPClient, QMPError          # noqa: E402
from runner.qemu import qemu_command                # noqa: E402

OUT = ROOT / "book" / "figures" / "screens"
SETTLE = 2.0            # seconds the screen must stay the same
TIME_LIMIT = 30         # seconds for one boot, GRUB included, under TCG
POLL = 0.5


def screenshot(iso, png):
    """Boot ISO and save its settled screen as PNG; returns a note or raises RuntimeError."""
    work = Path(tempfile.mkdtemp(prefix="screens-"))
    serial, sock = work / "serial.log", work / "qmp.sock"
    proc = subprocess.Popen(qemu_command(iso, serial, sock, "bios"),
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    qmp = QMPClient(sock)
    note = None
    try:
        qmp.connect(wait=10.0, alive=lambda: proc.poll() is None)
        qmp.qmp_capabilities()
        start = time.monotonic()
        recent, stable_since = set(), None      # the pictures since the last change
        dump = work / "now.png"
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"QEMU exited (status {proc.returncode}) before the "
                                   f"screen settled: {proc.stderr.read().decode().strip()}")
            qmp.execute("screendump", {"filename": str(dump), "format": "png"})
            picture = dump.read_bytes() if dump.exists() else b""
            now = time.monotonic()
            written = serial.exists() and serial.stat().st_size > 0
            # Settled: no new picture for SETTLE seconds. A blinking cursor
            # alternates between two pictures, which counts as settled.
            if picture in recent and written:
                if now - stable_since >= SETTLE:
                    break
            elif len(recent) < 2 and written and stable_since is not None:
                recent.add(picture)
                stable_since = now
            else:
                recent, stable_since = {picture}, now
            if now - start > TIME_LIMIT:
                if not written:
                    raise RuntimeError(f"nothing on the serial port after {TIME_LIMIT} s "
                                       f"(the time limit): did the kernel start?")
                note = f"the screen kept changing; pictured at the {TIME_LIMIT} s time limit"
                break
            time.sleep(POLL)
        png.parent.mkdir(parents=True, exist_ok=True)
        # Of a blinking cursor's two pictures, always the same one, so that
        # an unchanged kernel leaves the committed picture unchanged.
        png.write_bytes(min(recent | {picture}))
    except QMPError as error:
        raise RuntimeError(f"QMP: {error}") from None
    finally:
        try:
            qmp.execute("quit")
        except (QMPError, OSError):
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    return note


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build/gcc", help="the build directory")
    parser.add_argument("lessons", nargs="*", help="lesson directories (default: all)")
    args = parser.parse_args(argv[1:])
    lessons = args.lessons or lesson_dirs()
    failed = 0
    for lesson in lessons:
        iso = ROOT / args.build / lesson / "kernel.iso"
        png = OUT / f"{lesson}-bios.png"
        if not iso.is_file():
            print(f"error: {rel(iso)} is not built (make lesson N builds it)", file=sys.stderr)
            failed += 1
            continue
        try:
            note = screenshot(iso, png)
        except RuntimeError as error:
            print(f"error: {lesson}: {error}", file=sys.stderr)
            failed += 1
            continue
        print(f"screenshot: {rel(png)}" + (f" ({note})" if note else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
