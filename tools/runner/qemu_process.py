"""Starting QEMU for a boot session, and making sure it is gone after.

:class:`QemuProcess` is part of :class:`runner.session.BootSession`. QEMU
runs in a session of its own (a Ctrl-C in the terminal reaches the runner,
not QEMU, so QEMU's death is never mistaken for a verdict), bounded and
tied to the runner as :mod:`runner.lifetime` says, and watched by the
boot's :class:`~runner.lifetime.Reaper`. At the end it is killed if it
still runs, with any sandbox around it, and what it showed is kept in the
session's :class:`~runner.verdict.Result`: serial output, screen, in-kernel
test results and QEMU's own messages. It uses the session's ``reaper``,
``qmp``, ``serial``, ``screen``, ``result``, ``stderr_path``,
``file_limit`` and ``we_quit``, and its ``on_exit()`` for a QEMU that exits
in the middle of a QMP command (:meth:`QemuProcess.exited_meanwhile`).
"""

import os
import signal
import subprocess

from .lifetime import limit_and_tie_to_parent
from .pace import ExitWatch
from .qmp import QMPError, QMPShutdown
from .serial import ktest_results

STDERR_LIMIT = 64 * 1024       # bytes of QEMU's own messages kept
EXIT_WAIT = 5.0                # seconds QEMU may take to exit once its QMP socket failed


class QemuProcess:
    """QEMU's process, for :class:`BootSession`."""

    proc = None          # the subprocess.Popen, once started
    exit_watch = None    # wakes the session when it exits (runner.pace)

    def _start(self, command):
        """Start QEMU and connect to its QMP socket."""
        with open(self.stderr_path, "wb") as stderr:
            # A new session: a Ctrl-C in the terminal reaches us, not QEMU,
            # so QEMU's death is never mistaken for a verdict.
            self.parent = os.getpid()
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stderr,
                                         stderr=subprocess.STDOUT, start_new_session=True,
                                         preexec_fn=self._in_child)
        self.reaper.watch(self.proc.pid)    # its own session: its group is its pid
        self.exit_watch = ExitWatch(self.proc)
        try:
            self.qmp.connect(wait=30.0, alive=lambda: self.proc.poll() is None)
            self.qmp.qmp_capabilities()
        except QMPError:
            if self.proc.poll() is None:
                raise
            # QEMU already exited: on_exit() judges its status.

    def exited_meanwhile(self, error):
        """The verdict on QEMU's exit if a QMP command failed because QEMU is
        exiting (normal: the kernel may exit mid-command), else None.

        The closed socket comes a moment before the exit status (longer on
        a busy machine): wait for it. The exit status decides, also after a
        SHUTDOWN event (QEMU 10 sends one for isa-debug-exit too); only a
        guest reset (a triple fault under -no-reboot) that QEMU does not
        exit after counts as the status 0 it stands for: QEMU 7.2 can hang
        in its clean-up when one of our commands is in flight just then."""
        self.exit_watch.wait(EXIT_WAIT)
        status = self.proc.poll()
        if status is None and isinstance(error, QMPShutdown) and error.reason == "guest-reset":
            status = 0      # _stop() kills QEMU
        return None if status is None else self.on_exit(status)

    def _in_child(self):
        """Run in QEMU's process before it starts (see runner.lifetime).

        A ``preexec_fn`` makes Python fork the whole runner instead of
        using vfork: about 2.5 ms of a 40 ms test boot, the largest part of
        what the runner adds to QEMU's own time. It stays: PR_SET_PDEATHSIG
        can only be set by QEMU's process itself, and SIGXFSZ ignored there
        or else in the whole runner."""
        limit_and_tie_to_parent(self.file_limit, self.parent)

    def _read_stderr(self):
        if not self.result.qemu_stderr and os.path.exists(self.stderr_path):
            with open(self.stderr_path, "r", errors="replace") as f:
                self.result.qemu_stderr = f.read(STDERR_LIMIT)

    def _stop(self):
        """Make sure QEMU is gone; keep what it showed; remove the files."""
        try:
            self._keep_results()
        finally:
            self.reaper.close()

    def _keep_results(self):
        """Stop QEMU if it still runs, and keep what it showed."""
        if self.proc is not None:
            if self.we_quit:
                try:
                    self.proc.wait(timeout=2)    # let QEMU finish quitting
                except subprocess.TimeoutExpired:
                    pass
            if self.proc.poll() is None:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)    # QEMU and any wrapper
                except ProcessLookupError:
                    pass
                except PermissionError:
                    self.proc.kill()
            self.proc.wait()
        if self.exit_watch is not None:
            self.exit_watch.close()
        self.qmp.close()
        self.serial.update()
        self.result.serial = self.serial.text
        self.result.screen = self.screen
        self.result.ktests = ktest_results(self.serial.lines())
        self._read_stderr()
