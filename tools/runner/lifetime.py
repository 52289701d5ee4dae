"""Nothing outlives the runner, and nothing it starts grows without bound.

QEMU runs a student's kernel, which may print forever; the runner may be
stopped by Ctrl-C, a closed terminal (SIGHUP), a time limit (SIGTERM) or
SIGKILL. Whatever happens:

* QEMU writes at most :data:`FILE_LIMIT` bytes into any file (the serial
  log above all): :func:`limit_and_tie_to_parent` sets its RLIMIT_FSIZE;
* QEMU dies with the runner: the same function asks the kernel for SIGKILL
  when its parent goes (PR_SET_PDEATHSIG);
* a boot's private directory is removed, and its QEMU killed, even if the
  runner is killed without running any cleanup: :class:`Reaper`.

Ctrl-C, SIGTERM and SIGHUP stop a boot through its normal cleanup
(:data:`STOP`); the two last ties are for SIGKILL.
"""

import ctypes
import os
import resource
import shutil
import signal
import subprocess
import threading

FILE_LIMIT = 8 * 1024 * 1024   # bytes QEMU may write into any one file: its RLIMIT_FSIZE
PR_SET_PDEATHSIG = 1   # prctl(2): the signal a process gets when its parent dies
STOP_CHECK = 0.25      # seconds a boot waiting for QEMU's answer may take to see STOP

# Set to stop every boot at once: by a driver on Ctrl-C (run_tests.py,
# grade.py) or by the handlers of stop_on_signals(). A boot sees it at its
# next look at QEMU, or within STOP_CHECK while it waits for an answer,
# kills its QEMU and raises Interrupted.
STOP = threading.Event()


class Interrupted(Exception):
    """The run was stopped from outside (STOP was set)."""


def stop_on_signals(*signums):
    """Make these signals set :data:`STOP`, for a boot run in the main thread.

    A handler that raised an exception instead (KeyboardInterrupt) could
    land anywhere, also between a lock's acquire and the ``try`` that
    releases it: ``Popen.poll()`` has such a spot, and the ``Popen.wait()``
    of the cleanup then waits forever for the lock. A flag breaks nothing.
    """
    for signum in signums:
        signal.signal(signum, lambda *_: STOP.set())

try:
    _LIBC = ctypes.CDLL(None, use_errno=True)    # loaded before any fork
except OSError:
    _LIBC = None


def limit_and_tie_to_parent(file_limit, parent):
    """Run in QEMU's process between fork and exec (a ``preexec_fn``).

    With RLIMIT_FSIZE a write past ``file_limit`` fails (EFBIG) instead of
    growing the file; the kernel would also send SIGXFSZ, which would kill
    QEMU, so it is ignored (an ignored signal stays ignored across exec).
    QEMU's serial device drops the bytes it cannot write and the guest runs
    on. PR_SET_PDEATHSIG sends QEMU SIGKILL when the thread that started it
    ends (the runner's threads live until their boot is over). If
    ``parent`` (the runner's pid) died before that was set, die now.
    """
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if hard != resource.RLIM_INFINITY:
        file_limit = min(file_limit, hard)
    # Only the soft limit: a sandbox in front of QEMU may set its own.
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, hard))
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)


# The reaper's shell: the first line it reads is QEMU's process group, the
# second "done" after a clean end. End of file instead means the runner is
# gone: kill the group, remove the directory.
_REAPER_SCRIPT = ('read group; read end; [ "$end" = done ] && exit 0; '
                  '[ -z "$group" ] || kill -9 -"$group" 2>/dev/null; rm -rf "$1"')


# Shells told "done" that may not have exited yet, collected (their exit
# status read, so that none stays a zombie) by the next Reaper.close().
_ENDING = []
_ENDING_LOCK = threading.Lock()


class Reaper:
    """Removes a directory, and kills a process group, however we end.

    A process killed by SIGKILL runs no cleanup. So a small shell of its own
    session (so that a terminal's Ctrl-C or hang-up does not reach it) waits
    on a pipe whose write end only this process holds. When this process
    ends in any way, the kernel closes that end; the shell reads end of
    file, kills the group it was told (:meth:`watch`) and removes the
    directory. :meth:`close` is the clean end: it removes the directory
    itself and tells the shell it is done.
    """

    def __init__(self, directory):
        self.directory = directory
        self.watched = False
        read_end, self.pipe = os.pipe()     # neither end is inherited by QEMU
        try:
            self.proc = subprocess.Popen(["sh", "-c", _REAPER_SCRIPT, "reaper", directory],
                                         stdin=read_end, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            os.close(self.pipe)
            raise
        finally:
            os.close(read_end)

    def watch(self, group):
        """Kill process group ``group`` too if we are killed."""
        os.write(self.pipe, f"{group}\n".encode())
        self.watched = True

    def close(self):
        """Remove the directory now, and let the shell go.

        The shell exits as soon as it reads "done"; waiting for that would
        cost each boot a scheduling round trip (tens of milliseconds on a
        loaded machine), so it is collected later, by the next reaper.
        """
        shutil.rmtree(self.directory, ignore_errors=True)
        try:
            os.write(self.pipe, b"done\n" if self.watched else b"\ndone\n")
        except OSError:
            pass
        os.close(self.pipe)
        with _ENDING_LOCK:
            _ENDING.append(self.proc)
            _ENDING[:] = [proc for proc in _ENDING if proc.poll() is None]
