"""A time limit counted in the guest's own seconds (the spec's ``clock guest``).

A limit in host seconds gives a loaded machine's guest less work before it
runs out: the same kernel passes on an idle machine and "hangs" on a busy
one. So a spec whose time limit is part of its verdict can count it in
guest time instead, which QEMU then makes a function of the guest's work
alone:

* ``-icount shift=N``: the guest's virtual clock advances by 2^N ns for
  each instruction executed, not with the host's clock, so a guest second
  is the same amount of guest work at any load. TCG counts instructions
  exactly; the guest sees a CPU of 10^9 / 2^N instructions a second.
* ``sleep=off``: while the CPU is halted (``hlt``) the clock jumps straight
  to the next timer event instead of waiting for it in host time. Waiting
  is then free: a kernel that halts until its timer fires (a test that
  sleeps, or one that hangs in ``hlt``) reaches a limit of several guest
  seconds in a fraction of a host second. Not when the spec sends keys or
  NMIs: a guest halted until the host types would see its clock race
  ahead, so there the halted guest's clock runs at the host's pace
  (``sleep=on``): only the waits for the host, short, count host time.
* ``-rtc clock=vm``: the CMOS clock runs on that same virtual clock, from
  a known start (``base``), so a kernel that reads the time of day sees
  guest time too.

QEMU itself enforces the limit, so the verdict never depends on when the
host happened to look. The machine gets an iBASE 700 watchdog (``-device
ib700``), whose timer runs on the virtual clock, and ``-action
watchdog=pause``: when it fires, at the limit's very instruction, QEMU
sends the event ``WATCHDOG`` and stops the guest, in the run state
``watchdog``. The stop comes from QEMU's main loop a moment later, and the
guest runs on meanwhile (a busy host makes the moment longer): a kernel
that exits then was still running at its limit, which the event, sent
before, shows (:meth:`GuestLimit.reached_before`). QEMU starts paused
(``-S``), at guest time 0; :class:`GuestLimit` arms the watchdog through
the monitor's port write (``o``) and lets the guest run. A kernel that
exits before the limit has exited; one still running at the limit is
judged there, whatever the host was doing meanwhile. The ib700 counts 0 to 30 s
in steps of 2 s (the value written to port 0x443 picks 30 - 2 * value), so
a guest limit is an even number of seconds (runner.spec checks), and a
longer one is armed again each time it fires, the guest paused.

It only fits a boot whose firmware waits for no disk: a direct boot, the
kernel already in memory (runner.spec refuses the others). A QEMU that is
really stuck is still stopped by a host-time limit, :func:`host_limit`, far
above what the guest limit costs even at a tenth of a CPU; so is a kernel
that disables the watchdog (a write to port 0x441), which no kernel of
this course has a reason to touch.
"""

import calendar

# 2^5 = 32 ns an instruction: a guest CPU of about 31 million instructions
# a second. A kernel that spins forever reaches a 10 s limit after 310
# million instructions: about 2.5 host seconds on this course's 2-core
# machine under load, and about 25 s with a tenth of a CPU.
ICOUNT_SHIFT = 5
BASE = "2000-01-01T00:00:00"       # where the guest's CMOS clock starts
_BASE_SECONDS = calendar.timegm((2000, 1, 1, 0, 0, 0))
HOST_FACTOR = 20       # the host-time limit: this many times the guest limit,
HOST_MINIMUM = 60.0    # and at least this many seconds
WATCHDOG_ENABLE_PORT = 0x443   # ib700: a write arms the timer (0x441 stops it)
WATCHDOG_STEP = 2      # seconds: the ib700's timeouts are 30, 28, ... 2, 0
WATCHDOG_LONGEST = 30
PAUSED_BY_WATCHDOG = "watchdog"    # QMP query-status, once it fired


def qemu_options(host_input=False):
    """The QEMU options that run the guest on its own clock, paused until
    :meth:`GuestLimit.start`; ``host_input``: the spec sends keys or NMIs,
    which a halted guest waits for."""
    sleep = "on" if host_input else "off"
    return ["-icount", f"shift={ICOUNT_SHIFT},sleep={sleep}",
            "-rtc", f"clock=vm,base={BASE}",
            "-device", "ib700", "-action", "watchdog=pause", "-S"]


def limit_problem(limit):
    """Why ``limit`` cannot be a guest time limit (a sentence), or None."""
    if limit != int(limit) or limit % WATCHDOG_STEP:
        return (f"a guest time limit is a whole even number of seconds (QEMU's ib700 "
                f"watchdog counts in steps of {WATCHDOG_STEP} s), not {limit:g}")
    return None


def guest_seconds(qmp):
    """Whole guest seconds since the machine started, from its CMOS clock.

    QMP's ``qom-get`` of ``/machine``'s ``rtc-time`` gives the clock as a
    ``struct tm`` (years since 1900, months from 0). Raises QMPError if QEMU
    is gone.
    """
    tm = qmp.execute("qom-get", {"path": "/machine", "property": "rtc-time"})
    now = calendar.timegm((tm["tm_year"] + 1900, tm["tm_mon"] + 1, tm["tm_mday"],
                           tm["tm_hour"], tm["tm_min"], tm["tm_sec"]))
    return now - _BASE_SECONDS


def host_limit(guest_limit):
    """Host seconds after which a boot with this guest limit is stopped anyway."""
    return max(HOST_MINIMUM, HOST_FACTOR * guest_limit)


class GuestLimit:
    """The limit of one boot, kept by QEMU's watchdog in guest time."""

    def __init__(self, limit):
        self.limit = limit
        self.armed = 0      # guest seconds at which the watchdog fires next
        self.arms = 0       # times it was armed

    def reached(self):
        """The reason's words for a boot stopped at the limit."""
        return f"time limit of {self.limit:g} s of guest time reached"

    def reached_before(self, events):
        """True if the watchdog fired at the limit itself before QEMU
        exited: ``events``, the names of QMP's events, hold a WATCHDOG for
        its last arming. The pause it asks for comes a moment later, from
        QEMU's main loop, and meanwhile the guest runs on: a kernel may
        exit in that moment (more often on a busy host), just past its
        limit, and that exit is not a pass."""
        return self.armed >= self.limit and events.count("WATCHDOG") >= self.arms

    def start(self, qmp):
        """Arm the watchdog while the guest is still paused at time 0, and
        let it run."""
        self._arm(qmp)
        qmp.execute("cont")

    def _arm(self, qmp):
        seconds = int(min(WATCHDOG_LONGEST, self.limit - self.armed))
        value = (WATCHDOG_LONGEST - seconds) // WATCHDOG_STEP
        qmp.outb(WATCHDOG_ENABLE_PORT, value)
        self.armed += seconds
        self.arms += 1

    def past(self, qmp, host_elapsed, host_deadline):
        """(guest seconds, why the boot must stop now) or (None, None).

        The boot stops when the watchdog has paused the guest at the limit,
        or at ``host_deadline`` host seconds (host_limit()) if the guest
        never got there.
        """
        if qmp.execute("query-status")["status"] == PAUSED_BY_WATCHDOG:
            if self.armed < self.limit:     # a step of a long limit
                self._arm(qmp)
                qmp.execute("cont")
                return None, None
            return self.limit, self.reached()
        if host_elapsed >= host_deadline:
            seconds = guest_seconds(qmp)
            return seconds, (f"QEMU stopped after {host_deadline:g} s of host time, its guest "
                             f"clock at {seconds} s of the {self.limit:g} s limit")
        return None, None
