"""The command line: boot one image and print its verdict.

``tools/qemu_runner.py`` calls :func:`main`; see ``--help``.
"""

import argparse
import faulthandler
import signal
import sys
from pathlib import Path

from .explain import run
from .printable import printable
from .screen import VGA_COLUMNS, screen_text
from .guest_clock import limit_problem
from .lifetime import STOP, Interrupted, stop_on_signals
from .spec import BOOTS, Spec, load_spec
from .spec_line import SpecError
from .verdict import report


def default_spec(iso):
    """A spec for an image booted without one, from its file name."""
    stem = Path(iso).stem
    kernel = {"kernel": "main", "ktest": "ktest"}.get(stem, stem)
    spec = Spec(kernel=kernel)
    if spec.expectation() == "running":
        spec.timeout = 5.0       # watch a main kernel for a few seconds
    return spec


def main(argv=None):
    """Boot one image and print its verdict; exit 0 if it is the expected one.

    What the kernel wrote (serial, screen, test names) is printed only
    through :func:`~runner.printable.printable`: it is data, never commands
    for the terminal.
    """
    parser = argparse.ArgumentParser(
        prog="qemu_runner.py",
        description="Boot one kernel ISO in QEMU (headless) and print a verdict: "
                    "passed, failed, hang, triple fault or boot error. "
                    "The .test spec format is described in book/instructor.md (Boot test specs).")
    parser.add_argument("iso", help="the image, e.g. build/gcc/02-minimal-kernel/kernel.iso, "
                        "or a test kernel's ELF file (booted directly), e.g. "
                        "build/gcc/04-testing/ktest.elf")
    parser.add_argument("--spec", help="a .test file with the steps to check")
    parser.add_argument("--timeout", type=float, help="time limit in seconds "
                        "(default: the spec's, 30; 5 s for a main kernel without spec)")
    parser.add_argument("--firmware", choices=("bios", "uefi"), help="override the spec")
    parser.add_argument("--boot", choices=BOOTS,
                        help="override the spec: direct (QEMU -kernel with the .elf beside "
                             "the ISO), cdrom or usb (GRUB from the ISO)")
    parser.add_argument("--screen", action="store_true", help="print the final VGA text screen")
    parser.add_argument("--serial", action="store_true",
                        help="print the serial output (the first 256 KiB; lines cut at 4096 "
                             "characters, with a note)")
    args = parser.parse_args(argv)

    try:
        spec = load_spec(args.spec) if args.spec else default_spec(args.iso)
    except (OSError, SpecError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.timeout:
        spec.timeout = args.timeout
        if spec.clock == "guest" and limit_problem(spec.timeout):
            print(f"error: --timeout: {limit_problem(spec.timeout)}", file=sys.stderr)
            return 2
    if args.firmware:
        spec.firmware = args.firmware
    if args.boot:
        spec.boot = args.boot
    if spec.boot_path() == "direct" and spec.firmware == "uefi":
        print("error: a direct boot needs a PC BIOS: under UEFI, OVMF can only boot GRUB",
              file=sys.stderr)
        return 2
    # Ctrl-C, a kill or a closed terminal stops the boot within a moment,
    # even in the middle of a wait for QEMU's answer: QEMU is killed and
    # the boot's files removed.
    stop_on_signals(signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    # kill -USR1 prints where the runner is (its Python stack) on stderr:
    # how a test finds out what a runner that does not end waits for.
    faulthandler.register(signal.SIGUSR1)
    try:
        result = run(args.iso, spec)
    except Interrupted:
        result = None
    if STOP.is_set():       # also when the signal came after the verdict
        print("interrupted", file=sys.stderr)
        return 130
    if args.serial:
        print("---- serial ----")
        print(printable(result.serial.rstrip("\n")))
        print("----------------")
    if args.screen:
        print("---- screen " + "-" * (VGA_COLUMNS - 12))
        print(printable(screen_text(result.screen)) if result.screen
              else "(the screen was never read)")
        print("-" * VGA_COLUMNS)
    print(report(result, args.iso))
    for name, passed, _ in result.ktests:
        print(f"{'PASS' if passed else 'FAIL'}  ktest/{printable(name, keep='')}")
    wanted = spec.verdict or "passed"
    if spec.verdict:
        mark = "as expected" if result.verdict == wanted else "MISMATCH"
        print(f"expected verdict: {spec.verdict} — {mark}")
    return 0 if result.verdict == wanted else 1
