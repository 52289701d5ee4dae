"""One boot of one image in QEMU, followed step by step to a verdict.

QEMU is started and stopped by :mod:`runner.qemu_process`, with the command
line of :mod:`runner.qemu` and the bounds and ties of :mod:`runner.lifetime`:
it cannot fill the disk, and neither it nor the boot's directory outlives
the runner. A :class:`BootSession` is a small state machine. It looks at
QEMU again and again, as often as :mod:`runner.pace` says: QEMU exited
(:meth:`BootSession.on_exit`), the kernel wrote more than the serial
limit (:meth:`~runner.serial.SerialLog.over_limit`: QEMU is killed at
once), the time limit passed, in host seconds or in the guest's
(:meth:`BootSession.at_limit`, :mod:`runner.guest_clock`), or the kernel
still runs (:meth:`BootSession.poll`, which advances through the
spec's steps with :func:`runner.steps.step_met`; the steps the host checks
by reading the guest itself are in :mod:`runner.host_checks`). Each of
these returns a verdict or None.
:func:`runner.explain.run` adds a second boot that explains a triple fault.
"""

import os
import time
from pathlib import Path

from . import guest_clock
from .display import CELLS_SYMBOL, DisplayError, symbol_address
from .host_checks import HostChecks
from .lifetime import FILE_LIMIT, STOP, Interrupted, Reaper
from .pace import FAST, Pace
from .qemu import boot_file, boot_problem, private_dir, qemu_command
from .qemu_process import QemuProcess
from .qmp import QMPClient, QMPError
from .screen import VGA_ADDRESS, screen_block
from .serial import SERIAL_LIMIT, SerialLog, first_failure
from .steps import step_met
from .verdict import (EXIT_SUCCESS, Result, Verdict, find_boot_error, judge_checkpoint,
                      judge_exit, judge_serial_limit, judge_timeout)

UEFI_START_TIME = 15.0  # added to a UEFI boot's time limit: OVMF under TCG takes
                        # 4-5 s of CPU to reach GRUB (SeaBIOS: under 0.5 s)
LOOK_INTERVAL = 0.5  # how often the screen and the CPU are looked at when no step needs them


class BootSession(HostChecks, QemuProcess):
    """Boot ``iso`` once and follow ``spec``: call :meth:`run` once."""

    def __init__(self, iso, spec, extra_args=(), timeout=None, file_limit=FILE_LIMIT,
                 confine=None, serial_limit=SERIAL_LIMIT):
        self.iso = iso
        # A driver that must confine QEMU (tools/grade.py, for students' code)
        # gives a function (command, private directory, image) -> the command
        # line to start instead.
        self.confine = confine
        self.file_limit = file_limit
        self.serial_limit = serial_limit    # bytes of serial output that end the run
        self.spec = spec
        self.steps = spec.steps
        self.expect = spec.expectation()
        self.timeout = spec.timeout if timeout is None else timeout
        if spec.firmware == "uefi":
            self.timeout += UEFI_START_TIME
        if spec.cpu:
            extra_args = ["-cpu", spec.cpu, *extra_args]
        self.guest_limit = None
        if spec.clock == "guest":
            extra_args = [*guest_clock.qemu_options(spec.host_input()), *extra_args]
            self.guest_limit = guest_clock.GuestLimit(self.timeout)
        else:
            # Paused until the QMP handshake is done (see run()): a guest that
            # shut down during it would be announced to nobody (QMP sends no
            # events before qmp_capabilities), and QEMU 7.2 can then hang in
            # its own clean-up, our command unanswered.
            extra_args = ["-S", *extra_args]
        self.extra_args = extra_args
        self.result = Result("boot-error")
        self.step_index = 0        # the next step to meet
        self.serial_pos = 0        # serial steps search after the previous match
        self.screen = None         # the last screen read
        self.looked_at = 0.0       # when poll() last looked at the screen and the CPU
        # Under qboot 0xb8000 does not read back what the kernel wrote (no
        # VGA text mode; runner.spec refuses screen steps): no screen reads.
        self.screen_readable = spec.bios != "qboot"
        self.we_quit = False       # we sent QMP "quit" (all steps met)
        self.cells_address = VGA_ADDRESS  # where the screen's cells are
        self.failure = None        # a Verdict a step decided on
        self.nmis_sent = 0         # inject-nmi ... each: NMIs sent so far
        self.keys_sent = 0         # send-keys: characters of its text typed so far
        self.nmi_reports_from = 0  # and where on serial their reports begin
        self.last_sent_for = None  # the step whose last key or NMI has been sent

    def run(self):
        """Boot, follow the spec, stop QEMU; return the :class:`Result`.

        QEMU is always killed before returning, also on exceptions and Ctrl-C.
        """
        start = time.monotonic()
        verdict = boot_problem(self.iso, self.spec)
        if verdict:
            return self._set(verdict)
        if self.spec.firmware == "uefi":
            # The kernel keeps the cells in RAM: read them where it does.
            try:
                self.cells_address = symbol_address(Path(self.iso).with_suffix(".elf"),
                                                    CELLS_SYMBOL)
            except DisplayError as e:
                return self._set(Verdict("failed", f"cannot find the screen under UEFI: {e}"))
        self.workdir = private_dir()
        self.reaper = Reaper(self.workdir)
        path = lambda name: os.path.join(self.workdir, name)  # noqa: E731
        self.serial = SerialLog(path("serial.log"), self.serial_limit)
        self.qmp = QMPClient(path("qmp.sock"))
        self.screen_path, self.stderr_path = path("vga.bin"), path("qemu.stderr")
        try:
            boot = self.spec.boot_path()
            command = qemu_command(self.iso, self.serial.path, self.qmp.path,
                                   self.spec.firmware, self.extra_args, boot,
                                   self.spec.bios)
            if self.confine is not None:
                command = self.confine(command, self.workdir, boot_file(self.iso, boot))
            self._start(command)
            if self.proc.poll() is None:            # QEMU waits paused (-S) until then
                if self.guest_limit:
                    self.guest_limit.start(self.qmp)
                else:
                    self.qmp.execute("cont")
            self.started = start
            self.deadline = start + (guest_clock.host_limit(self.timeout)
                                     if self.spec.clock == "guest" else self.timeout)
            verdict = self._follow()
        except QMPError as e:
            verdict = self.exited_meanwhile(e) if self.exit_watch else None
            if verdict is None:
                verdict = Verdict("boot-error", f"lost contact with QEMU: {e}")
        finally:
            self._stop()
            self.result.duration = time.monotonic() - start
        return self._set(verdict)

    def _set(self, verdict):
        self.result.verdict, self.result.reason = verdict.verdict, verdict.reason
        self.result.details = list(verdict.details)
        return self.result

    def _follow(self):
        """Look at QEMU, at the pace runner.pace sets, until a state decides."""
        pace = Pace()
        while True:
            if STOP.is_set():
                raise Interrupted()
            status = self.proc.poll()
            changed = self.serial.update()
            if status is not None:
                return self.on_exit(status)
            if self.serial.over_limit():
                return judge_serial_limit(self.serial)     # _stop() kills QEMU
            step = self.step_index
            try:
                verdict = self.poll() or self.at_limit()
            except QMPError as error:
                verdict = self.exited_meanwhile(error)
                if verdict is None:
                    raise
                return verdict
            if verdict:
                return verdict
            self.exit_watch.wait(FAST if self._sending()
                                 else pace.next(changed or self.step_index != step))

    def _sending(self):
        """True while keys or NMIs go one at a time, each waiting for the
        guest (send-keys, inject-nmi ... each)."""
        if self.step_index < len(self.steps):
            step = self.steps[self.step_index]
            return step.kind == "send-keys" or (step.kind == "inject-nmi" and bool(step.each))
        return False

    def poll(self):
        """The kernel is running: advance through the steps. A Verdict or None."""
        if self.expect == "running":
            # Fail fast: a kernel that panics will not recover.
            reason = first_failure(self.serial.framework_lines(complete=True))
            if reason:
                return Verdict("failed", reason)
        self.meet_steps()
        if self.failure:
            return self.failure
        stuck = self.stuck_at_checkpoint()
        if stuck:
            return judge_checkpoint(self.spec, self.step_index, self.serial, stuck)
        if self.expect == "running" and self.steps and self.step_index == len(self.steps):
            if self.screen_readable:
                self.look_at_settled_screen()    # for --screen and reports
            self.qmp.execute("quit")
            self.we_quit = True
            return Verdict("passed", "all steps met")
        # Now and then: the screen, for boot errors and reports, and the CPU,
        # which may have stopped for good.
        if time.monotonic() - self.looked_at >= LOOK_INTERVAL:
            self.looked_at = time.monotonic()
            if self.screen_readable:
                self.look_at_screen()
            why = find_boot_error(self.screen, "\n".join(self.serial.framework_lines()),
                                  self.spec.firmware)
            if why:
                return Verdict("boot-error", why, screen_block(self.screen))
            if self.stopped_for_good():
                return self.on_timeout("the kernel stopped for good (halted with "
                                       "interrupts off)")
        return None

    def meet_steps(self, kinds=None):
        """Advance through the steps met now, one after the other (only
        while they are of ``kinds``, if given)."""
        while self.step_index < len(self.steps) and (
                kinds is None or self.steps[self.step_index].kind in kinds) \
                and step_met(self, self.steps[self.step_index]):
            self.step_index += 1

    def stuck_at_checkpoint(self):
        """The ``host check:`` line at which the kernel waits for a key while
        the next step waits for its serial output (the host types only at a
        later step), or None. Only where no NMI was sent: an NMI's handler
        prints while the kernel waits."""
        if self.step_index >= len(self.steps) or self.steps[self.step_index].kind != "serial" \
                or any(step.kind == "inject-nmi" for step in self.steps[:self.step_index]):
            return None
        return self.serial.waiting_checkpoint(self.serial_pos)

    def on_exit(self, status):
        """QEMU exited by itself with ``status``: judge it (too much output
        first, then a guest time limit that the watchdog saw before the
        exit, as if the runner had seen them before the exit)."""
        self.serial.update()
        self.result.exit_status = status
        if self.serial.over_limit():
            return judge_serial_limit(self.serial)
        if self.guest_limit and self.guest_limit.reached_before(self.qmp.events_left()):
            self.result.guest_seconds = self.guest_limit.limit
            return self.on_timeout(self.guest_limit.reached())    # it came first
        if status == EXIT_SUCCESS:
            # The kernel may exit between two polls, or on the last key or
            # NMI of a step before QEMU answered its sending (a step met):
            # check the remaining serial steps against the final output.
            if self.last_sent_for == self.step_index:
                self.step_index += 1
            self.meet_steps(kinds=("serial", "backtrace"))
            if self.failure:
                return self.failure
        self._read_stderr()
        return judge_exit(status, self.serial, self.steps, self.step_index,
                          self.result.qemu_stderr)

    def at_limit(self):
        """The verdict if the time limit has passed (on_timeout()), else None.
        Under ``clock guest`` it counts guest seconds (runner.guest_clock)."""
        if self.guest_limit:
            self.result.guest_seconds, why = self.guest_limit.past(
                self.qmp, time.monotonic() - self.started, self.deadline - self.started)
            return self.on_timeout(why) if why else None
        return self.on_timeout() if time.monotonic() >= self.deadline else None

    def on_timeout(self, limit=None):
        """The time limit passed with QEMU still running: judge what it shows.
        ``limit`` says which limit, for the reason. What the kernel wrote
        since the last look counts: a halted guest reaches a guest-clock
        limit at once, before the runner has looked again."""
        try:
            self.serial.update()
            self.meet_steps(kinds=("serial", "backtrace"))
            if self.failure:
                return self.failure
            if self.screen_readable:
                self.look_at_screen()    # the screen as it is at the time limit
        except QMPError:
            pass
        return judge_timeout(self.spec, self.timeout, self.step_index, self.serial,
                             self.screen, limit)


def boot(iso, spec, extra_args=(), timeout=None, file_limit=FILE_LIMIT, confine=None):
    """Boot ``iso`` once, follow ``spec``, and return a :class:`Result`
    (``confine``: see :class:`BootSession`)."""
    return BootSession(iso, spec, extra_args, timeout, file_limit, confine).run()

