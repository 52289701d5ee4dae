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
  a known start (``base``). The runner reads it through QMP (the machine's
  ``rtc-time`` property) to learn how many guest seconds have passed,
  to the second.

It only fits a boot whose firmware waits for no disk: a direct boot, the
kernel already in memory (runner.spec refuses the others). A QEMU that is
really stuck is still stopped by a host-time limit, :func:`host_limit`, far
above what the guest limit costs even at a tenth of a CPU; so is a kernel
that sets the CMOS clock back, since the runner reads that clock.
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


def qemu_options(host_input=False):
    """The QEMU options that run the guest on its own clock; ``host_input``:
    the spec sends keys or NMIs, which a halted guest waits for."""
    sleep = "on" if host_input else "off"
    return ["-icount", f"shift={ICOUNT_SHIFT},sleep={sleep}",
            "-rtc", f"clock=vm,base={BASE}"]


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


def past_limit(qmp, limit, host_elapsed, host_deadline):
    """(guest seconds so far, why the boot must stop now or None).

    The boot stops at ``limit`` guest seconds, or at ``host_deadline`` host
    seconds (host_limit()) if the guest's clock got stuck on the way.
    """
    seconds = guest_seconds(qmp)
    if seconds >= limit:
        return seconds, f"time limit of {limit:g} s of guest time reached"
    if host_elapsed >= host_deadline:
        return seconds, (f"QEMU stopped after {host_deadline:g} s of host time, its guest "
                         f"clock at {seconds} s of the {limit:g} s limit")
    return seconds, None
