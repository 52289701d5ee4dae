"""Cgroups of our own, below the one we are in, for the benchmarks: one to
count every process of a command (the sandboxed ones escape RUSAGE_CHILDREN:
bwrap never waits for its namespace's init), and ones that limit CPU or
memory as a grading machine would. v1 and v2; where neither can be written
(not root, v2 without delegation) make() says why."""

import os
import time
from pathlib import Path

CGROUPS = Path("/sys/fs/cgroup")
QUOTA, PERIOD = 10000, 100000                   # a tenth of a CPU, in µs
MEMORY = 768 * 1024 * 1024                      # Gradescope's default


class Cgroup:
    """A cgroup of our own for one controller (cpuacct, cpu or memory)."""

    def __init__(self, controller, name):
        self.controller, self.path, self.version = controller, None, None
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            hierarchy, controllers, here = (line.split(":", 2) + ["", ""])[:3]
            if controller in controllers.split(",") and (CGROUPS / controller).is_dir():
                self.version, base = 1, CGROUPS / controller
            elif hierarchy == "0" and (CGROUPS / "cgroup.controllers").is_file():
                self.version, base = 2, CGROUPS          # a v2-only machine
            else:
                continue
            self.parent = base / here.lstrip("/")
            self.path = self.parent / name
            break

    def make(self):
        """Create it; None, or why it cannot be made."""
        if self.path is None:
            return f"no {self.controller} cgroup controller is mounted"
        try:
            if self.version == 2:
                wanted = (self.parent / "cgroup.controllers").read_text().split()
                if self.controller not in wanted + ["cpuacct"]:
                    return f"cgroup v2 does not delegate {self.controller} to {self.parent}"
                if self.controller != "cpuacct":
                    (self.parent / "cgroup.subtree_control").write_text(f"+{self.controller}")
            self.path.mkdir()
        except OSError as e:
            return f"cannot write {self.controller} cgroups ({e.strerror}: {e.filename})"
        return None

    def write(self, v1_file, v2_file, value):
        (self.path / (v1_file if self.version == 1 else v2_file)).write_text(value)

    def read(self, name):
        try:
            return (self.path / name).read_text()
        except OSError:
            return ""

    def join(self, pid):
        """Move a process (0: the caller) into it."""
        (self.path / "cgroup.procs").write_text(str(pid))

    def cpu_seconds(self):
        """The CPU time of every process that ran in it."""
        if self.version == 1:
            return int(self.read("cpuacct.usage") or 0) / 1e9
        stat = self.read("cpu.stat").split()
        return int(stat[stat.index("usage_usec") + 1]) / 1e6 if "usage_usec" in stat else 0.0

    def remove(self):
        """Kill what is left in it, then remove it."""
        for _ in range(50):
            pids = self.read("cgroup.procs").split()
            for pid in pids:
                try:
                    os.kill(int(pid), 9)
                except OSError:
                    pass
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.1)
        print(f"    (warning: {self.path} could not be removed)", flush=True)


def limit_cpu(group):
    group.write("cpu.cfs_quota_us", "cpu.max", str(QUOTA) if group.version == 1
                else f"{QUOTA} {PERIOD}")
    if group.version == 1:
        group.write("cpu.cfs_period_us", "cpu.max", str(PERIOD))


def limit_memory(group):
    group.write("memory.limit_in_bytes", "memory.max", str(MEMORY))
    if group.version == 1 and (group.path / "memory.memsw.limit_in_bytes").exists():
        group.write("memory.memsw.limit_in_bytes", "", str(MEMORY))   # no swap to hide in
    elif group.version == 2:
        group.write("", "memory.swap.max", "0")


def memory_report(group):
    """'peak 412 MB, 0 OOM kills' from the cgroup's counters."""
    if group.version == 1:
        peak = group.read("memory.max_usage_in_bytes").strip()
        events = group.read("memory.oom_control")
    else:
        peak = group.read("memory.peak").strip()
        events = group.read("memory.events")
    kills = next((line.split()[1] for line in events.splitlines()
                  if line.startswith("oom_kill ")), "?")
    peak = f"{int(peak) / 2**20:.0f} MB" if peak.isdigit() else "?"
    return peak, kills
