"""When the runner looks at QEMU next, and how it waits in between.

Most of what the runner follows cannot wake it: the serial log is a plain
file that grows, and the screen lives in the guest's memory, read through
QMP. So the session looks again and again. Two things keep that cheap and
quick:

* :class:`ExitWatch` waits on a *pidfd* (Linux 5.3): a file descriptor
  that becomes readable the moment QEMU exits. The kernel's exit ends most
  tests, and the runner sees it at once instead of at its next look.
  (``Popen.wait(timeout)`` polls with sleeps of up to 50 ms.)
* :class:`Pace`: after something happened (new serial output, a step met)
  the next look comes after :data:`FAST` seconds, and the gaps double up
  to :data:`SLOW` while nothing changes. A kernel that goes from step to
  step is followed within milliseconds; one that sits idle costs ten looks
  a second.
"""

import os
import select
import subprocess

FAST = 0.005    # seconds to the next look after a change
SLOW = 0.1      # at most this long between two looks


class Pace:
    """The gap before the next look: FAST after a change, doubling to SLOW."""

    def __init__(self):
        self.gap = FAST

    def next(self, changed):
        """Seconds to wait now; ``changed``: the last look saw something new."""
        self.gap = FAST if changed else min(SLOW, self.gap * 2)
        return self.gap


class ExitWatch:
    """Sleeps that end at once when a child process exits."""

    def __init__(self, proc):
        self.proc = proc
        try:
            self.fd = os.pidfd_open(proc.pid)
        except (AttributeError, OSError):    # an old kernel or a seccomp filter
            self.fd = None

    def wait(self, seconds):
        """Sleep ``seconds``, or less if the process exits meanwhile."""
        if self.fd is not None:
            select.select([self.fd], [], [], seconds)
            return
        try:
            self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            pass

    def close(self):
        """Release the descriptor."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
