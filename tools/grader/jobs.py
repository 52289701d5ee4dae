"""How many things the grader may run at once: the CPUs this process may
really use, never os.cpu_count().

os.cpu_count() counts the machine's CPUs. In a container with a CPU quota
(Gradescope gives half a CPU), under ``taskset`` or in a cgroup limited to
a tenth of a CPU it still says 2, 8 or 32, and a grader that starts that
many QEMUs makes each so slow that time limits flip verdicts. Two things
bound the CPUs we really get:

* the affinity mask (``os.sched_getaffinity``): which CPUs the scheduler
  may put us on (``taskset``, ``docker --cpuset-cpus``);
* the cgroup's quota: cgroup v2's ``cpu.max`` ("QUOTA PERIOD", or "max")
  and cgroup v1's ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``, in our
  cgroup or any parent of it (``docker --cpus``, systemd's CPUQuota).

tools/grade.py, tools/grade_all.py and tools/gradescope.py all take their
default from :func:`usable_cpus` (the batch shares it among --parallel).
"""

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


def _affinity():
    """CPUs in our affinity mask (os.cpu_count() where that is unknown)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _quota(quota, period):
    """CPUs a quota of QUOTA µs per PERIOD µs grants; None for no limit."""
    try:
        quota, period = int(quota), int(period)
    except ValueError:
        return None       # "max": no limit
    if quota <= 0 or period <= 0:
        return None       # cgroup v1 writes -1 for no limit
    return quota / period


def _read(path):
    try:
        return path.read_text().split()
    except OSError:
        return None


def _cgroup_quotas(proc_cgroup="/proc/self/cgroup", root=CGROUP_ROOT):
    """Every CPU quota on the way from our cgroup up to the root, as CPUs."""
    try:
        lines = Path(proc_cgroup).read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        hierarchy, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if hierarchy == "0" and controllers == "":      # cgroup v2
            base, files = root, ("cpu.max",)
        elif "cpu" in controllers.split(","):           # cgroup v1
            base = next((root / name for name in (controllers, "cpu", "cpu,cpuacct")
                         if (root / name).is_dir()), None)
            files = ("cpu.cfs_quota_us", "cpu.cfs_period_us")
            if base is None:
                continue
        else:
            continue
        # In a container our own cgroup is often the namespace's root, so
        # the path may not exist below base: try it, then walk up to base.
        here = base / path.lstrip("/")
        for folder in [here, *here.parents]:
            if folder != base and base not in folder.parents:
                break
            words = [_read(folder / f) for f in files]
            if all(words):
                values = words[0] if len(files) == 1 else [words[0][0], words[1][0]]
                cpus = _quota(*values[:2]) if len(values) >= 2 else None
                if cpus:
                    found.append(cpus)
    return found


def usable_cpus():
    """The CPUs this process may use: at least 1, rounded up."""
    cpus = _affinity()
    for quota in _cgroup_quotas():
        cpus = min(cpus, max(1, math.ceil(quota)))
    return max(1, cpus)


if __name__ == "__main__":
    print(usable_cpus())
