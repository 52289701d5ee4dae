"""Verdicts: what a boot's outcome means, and the text that shows it.

Exactly one verdict per boot:

``passed``        every step was met, and the kernel exited with 33
                  (``expect exit``) or is still running (``expect running``).
``failed``        the kernel exited with 35, printed ``panic:`` or a
                  ``[failed]`` test line, or stopped before a step was met;
                  or QEMU was killed by a signal (the reason says so).
``triple-fault``  QEMU exited with status 0: the CPU reset.
``hang``          the time limit was reached while the kernel still ran.
``boot-error``    QEMU could not start, or the firmware or GRUB could not
                  boot the kernel (their message is shown).
``too-much-output`` the kernel wrote more than the runner's serial limit
                  (:data:`runner.serial.SERIAL_LIMIT`): stopped there.

The functions here only judge what a boot saw (exit status, serial lines,
screen); :mod:`runner.session` collects it. A kernel's text is data: the
markers above count only where the protocol puts them, at the start of a
line written before any key was typed (the exit status is out of band).
"""

import signal
from collections import namedtuple
from dataclasses import dataclass, field

from .printable import printable
from .screen import screen_block, screen_lines, screen_text
from .serial import first_failure, ktest_results, tail

VERDICTS = ("passed", "failed", "hang", "triple-fault", "boot-error", "too-much-output")

EXIT_SUCCESS = 33      # the kernel wrote 0x10 to isa-debug-exit: (0x10 << 1) | 1
EXIT_FAILURE = 35      # the kernel wrote 0x11: (0x11 << 1) | 1
EXIT_RESET = 0         # with -no-reboot: the CPU reset (a triple fault)

# How a verdict is shown at the start of a result line.
VERDICT_TAG = {
    "passed": "PASS",
    "failed": "FAIL",
    "hang": "HANG",
    "triple-fault": "TRIPLE FAULT",
    "boot-error": "BOOT ERROR",
    "too-much-output": "TOO MUCH OUTPUT",
}

# Text on the screen (or, under UEFI, on the serial port) that means the
# firmware or GRUB could not start the kernel. None of these appear during a
# good boot, so seeing one ends the run at once.
BOOT_ERROR_MARKERS = (
    "No bootable device",                 # SeaBIOS found nothing to boot
    "Could not read from CDROM",          # SeaBIOS: not a BIOS-bootable ISO
    "Press any key to continue",          # GRUB after a failed menu entry
    "Failed to boot both default and fallback entries",
    "Minimal BASH-like line editing",     # GRUB's shell: no usable grub.cfg
)
# Our 32-bit entry code (common/boot/boot32.asm) starts a line with this on
# serial (and on the screen) when it cannot start the kernel. Only such a
# line, written before any key was typed, counts: not one that echoes keys.
BOOT_ERROR_LINE = "boot error:"
# GRUB prints "error: ..." for any failure. Under BIOS it is only trusted at
# the time limit and if the kernel never wrote to serial, because a kernel
# that does not clear the screen leaves GRUB's harmless messages on it.
GRUB_ERROR = "error:"

# A judgement: the verdict, one line saying why, and lines to show under it.
Verdict = namedtuple("Verdict", "verdict reason details", defaults=((),))


@dataclass
class Result:
    """What one boot produced."""
    verdict: str                 # one of VERDICTS
    reason: str = ""             # one line: why this verdict
    duration: float = 0.0        # seconds
    guest_seconds: int = None    # under clock guest: the guest's clock when last read
    exit_status: object = None   # QEMU's exit status (None: we stopped it)
    serial: str = ""             # serial output, cleaned, bounded (runner.serial)
    screen: list = None          # last screen read: 25 (text, attrs), or None
    details: list = field(default_factory=list)   # extra lines to show
    ktests: list = field(default_factory=list)    # (name, passed, context)
    qemu_stderr: str = ""

    def serial_tail(self, n=15):
        """The last n non-empty serial lines."""
        return tail(self.serial.splitlines(), n)


# ---------------------------------------------------------------------------
# Boot errors

def _boot_error_on(text):
    """The boot-error marker found in text, or None."""
    return next((marker for marker in BOOT_ERROR_MARKERS if marker in text), None)


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
    found = ([line for line in lines if line.startswith((GRUB_ERROR, BOOT_ERROR_LINE))]
             + [line for line in lines if "Could not read from CDROM" in line]
             + [line for line in lines if marker in line])
    return found[0] if found else marker


def boot_error_line(lines):
    """The entry code's "boot error: ..." line among serial lines, or None."""
    return next((line.strip() for line in lines if line.startswith(BOOT_ERROR_LINE)), None)


def find_boot_error(screen, serial_text, firmware, at_timeout=False):
    """The line explaining why the kernel could not start, or None.

    ``screen`` is the last screen read (or None), ``serial_text`` the serial
    output written before any typed input
    (:meth:`~runner.serial.SerialLog.framework_lines`). Our entry code
    starts a serial line with "boot error:" (and writes it on the screen
    too): such a line is always believed. Firmware and GRUB messages are
    looked for on the serial port under UEFI (where the screen is not VGA
    text), and on the screen under BIOS only while the kernel has said
    nothing on serial: a kernel that does not clear the screen leaves
    GRUB's (harmless) text there. GRUB's generic "error:" is only trusted
    at the time limit.
    """
    line = boot_error_line(serial_text.splitlines())
    if line:
        return line
    if firmware == "uefi":
        text, trusted = serial_text, True
    else:
        text = screen_text(screen) if screen else ""
        trusted = not serial_text.strip()
    marker = _boot_error_on(text)
    if marker and trusted:
        return _boot_error_reason(marker, text)
    if at_timeout and trusted and firmware == "bios" and GRUB_ERROR in text:
        return _boot_error_reason(GRUB_ERROR, text)
    return None


# ---------------------------------------------------------------------------
# Judging the end of a boot

def judge_exit(status, serial, steps, step_index, qemu_stderr=""):
    """The verdict when QEMU exited by itself with ``status``.

    ``serial`` is the :class:`~runner.serial.SerialLog`,
    ``steps[step_index:]`` the steps not met (the caller has already
    checked the serial ones against the final output). Markers count only
    in the lines written before any typed input.
    """
    lines, markers = serial.lines(), serial.framework_lines()
    if status is not None and status < 0:
        # Not the kernel's doing: QEMU was killed (by a user, the OOM
        # killer, a sandbox's limit). Never a boot error.
        try:
            name = f" ({signal.Signals(-status).name})"
        except ValueError:
            name = ""
        return Verdict("failed", f"QEMU killed by signal {-status}{name}",
                       tail(qemu_stderr.splitlines(), 10))
    why = boot_error_line(markers)
    if why:
        return Verdict("boot-error", why)
    if status == EXIT_RESET:
        return Verdict("triple-fault", "QEMU exited with status 0: the CPU reset "
                       "(with -no-reboot this is a triple fault)")
    if status == EXIT_FAILURE:
        last = tail(lines, 1)
        message = first_failure(markers) or (
            "last serial line: " + last[0] if last else "no serial output")
        return Verdict("failed", f"kernel reported failure (exit status 35): {message}")
    if status == EXIT_SUCCESS:
        if step_index < len(steps):
            return Verdict("failed", f"kernel exited (status 33) before step "
                           f"{step_index + 1}/{len(steps)} was met: "
                           f"{steps[step_index].describe()}")
        # A panic the spec waits for (serial "panic: ...") is the expected
        # outcome of a should_panic test, not a failure.
        expected = [s.text for s in steps if s.kind == "serial" and "panic:" in s.text]
        message = first_failure([line for line in markers
                                 if not any(text in line for text in expected)])
        if message:
            return Verdict("failed", f"exit status 33, but {message}")
        return Verdict("passed", "kernel exited with status 33 (success)")
    why = f"QEMU could not run the image (exit status {status})"
    return Verdict("boot-error", why, tail(qemu_stderr.splitlines(), 10))


def judge_serial_limit(serial):
    """The verdict once the kernel wrote more than the serial limit: it
    prints in a loop, or far more than any test reads. Only sizes are said:
    the kernel's own text is in the serial tail, shown escaped."""
    return Verdict("too-much-output", f"the kernel wrote more than {serial.limit // 1024} KiB "
                   f"({serial.limit} bytes) to the serial port; the run was stopped there")


def judge_timeout(spec, timeout, step_index, serial, screen, limit=None):
    """The verdict at the time limit: boot error, failure, pass or hang.

    ``serial`` is the :class:`~runner.serial.SerialLog`, ``screen`` the
    screen as read at the limit (or None); ``limit`` words which limit was
    reached [the host-time one].
    """
    steps = spec.steps
    markers = serial.framework_lines()
    why = find_boot_error(screen, "\n".join(markers), spec.firmware, at_timeout=True)
    if why:
        return Verdict("boot-error", why, screen_block(screen))
    message = first_failure(markers)
    if message:
        return Verdict("failed", message)
    limit = limit or f"time limit of {timeout:g} s reached"
    # A panic after typed input is not believed (it may be an echo), but
    # worth a look when the kernel then stopped answering.
    echoed = first_failure(serial.lines()) if serial.input_at is not None else ""
    note = [f"after the typed input, serial shows: {echoed} "
            "(not taken as the verdict: it may echo the keys)"] if echoed else []
    if step_index < len(steps):
        step = steps[step_index]
        return Verdict("hang", f"{limit} while waiting for step {step_index + 1}/"
                       f"{len(steps)}: {step.describe()}", note + _step_details(step, screen))
    if spec.expectation() == "running":
        # No steps: the test only asks that the kernel keeps running.
        return Verdict("passed", f"kernel kept running for {timeout:g} s")
    return Verdict("hang", f"{limit}: the kernel did not exit by itself "
                   "(a test kernel must write to the isa-debug-exit port)")


def judge_checkpoint(spec, step_index, serial, checkpoint):
    """The verdict when the kernel waits for a key at ``checkpoint`` (a
    ``host check:`` line) while the spec waits for serial output first:
    neither can go on, so the test has failed, now rather than at its
    limit. Typically an in-kernel test failed before it reached the
    checkpoint the spec expected, and the next test's checkpoint came."""
    step = spec.steps[step_index]
    failed = [(name, context) for name, passed, context in ktest_results(serial.lines())
              if not passed]
    where = (f"the kernel waits for a key at {checkpoint!r}, but the test waits for step "
             f"{step_index + 1}/{len(spec.steps)}: {step.describe()}")
    if not failed:
        return Verdict("failed", where)
    name, context = failed[0]
    said = f" ({context[-1].strip()})" if context else ""
    return Verdict("failed", f"{name} failed{said}; then {where}")


def _step_details(step, screen):
    """What the screen showed for a screen step that was never met."""
    details = []
    if screen and step.kind == "screen-attr":
        text, attrs = screen[step.row]
        details.append(f"cell row {step.row} column {step.col} holds "
                       f"{text[step.col]!r} with attribute 0x{attrs[step.col]:02x}")
    elif screen and step.kind == "screen-row":
        details.append(f"row {step.row} is {screen[step.row][0].rstrip()!r}")
    if step.kind.startswith("screen"):
        details += screen_block(screen)
    return details


# ---------------------------------------------------------------------------
# Showing a result

def report(result, label, show_time=True, tail_lines=15):
    """Format a result as text: one result line, then indented details.

    Everything in it that came from the kernel (serial lines, the screen,
    the reason quoting them) is shown through :func:`~runner.printable.printable`:
    the text holds no control character but newline.

    ``PASS  02-minimal-kernel/hello  (1.9 s)`` or
    ``FAIL  04-testing/ktest: failed — <reason>  (2.0 s)`` followed by the
    last serial lines (and the screen where it helps).
    """
    tag = VERDICT_TAG[result.verdict]
    timing = f"  ({result.duration:.1f} s)" if show_time else ""
    if result.verdict == "passed":
        return printable(f"{tag}  {label}{timing}", keep="")
    name = result.verdict.replace("-", " ")
    lines = [f"{tag}  {label}: {name} — {result.reason}{timing}"]
    body = list(result.details)
    serial_lines = result.serial_tail(tail_lines)
    if serial_lines:
        body.append(f"serial (last {len(serial_lines)} lines):")
        body += ["  " + line for line in serial_lines]
    else:
        body.append("serial: (nothing)")
    screen = screen_lines(result.screen)
    if result.verdict in ("hang", "boot-error") and screen and "screen:" not in body:
        body.append("screen:")
        body += screen
    return "\n".join(printable(line, keep="") for line in lines + ["    " + line for line in body])
