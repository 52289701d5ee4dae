"""Cgroups of our own, below the one we are in: one to count every process
of a command (the sandboxed ones escape RUSAGE_CHILDREN: bwrap never waits
for its namespace's init), and ones that limit CPU or memory as a grading
machine would. v1 and v2; where neither can be written (not root, v2
without delegation) make() says why.

The benchmarks import it; tests/distros/limits.sh, which runs shell
functions under Gradescope's limits, uses it through a small command line
(``python3 tools/cgroup.py --help``), so cgroups are written in one place.
"""

import argparse
import os
import sys
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

    @classmethod
    def at(cls, path):
        """The cgroup at a path that make() printed (for the command line)."""
        group = cls.__new__(cls)
        group.controller, group.path = None, Path(path)
        group.parent = group.path.parent
        group.version = 2 if (group.parent / "cgroup.controllers").is_file() else 1
        return group

    def make(self, exist_ok=False):
        """Create it; None, or why it cannot be made. exist_ok: v2 has one
        group for every controller, which the first make() created."""
        if self.path is None:
            return f"no {self.controller} cgroup controller is mounted"
        try:
            if self.version == 2:
                wanted = (self.parent / "cgroup.controllers").read_text().split()
                if self.controller not in wanted + ["cpuacct"]:
                    return f"cgroup v2 does not delegate {self.controller} to {self.parent}"
                if self.controller != "cpuacct":
                    (self.parent / "cgroup.subtree_control").write_text(f"+{self.controller}")
            self.path.mkdir(exist_ok=exist_ok)
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


def limit_cpu(group, quota=QUOTA):
    """At most quota µs of CPU time in each PERIOD µs."""
    if group.version == 1:
        group.write("cpu.cfs_period_us", "", str(PERIOD))
        group.write("cpu.cfs_quota_us", "", str(quota))
    else:
        group.write("", "cpu.max", f"{quota} {PERIOD}")


def limit_memory(group, memory=MEMORY):
    """At most memory bytes, with no swap to hide in where swap is counted."""
    group.write("memory.limit_in_bytes", "memory.max", str(memory))
    swap = "memory.memsw.limit_in_bytes" if group.version == 1 else "memory.swap.max"
    if (group.path / swap).exists():
        group.write(swap, swap, str(memory) if group.version == 1 else "0")


def memory_figures(group):
    """(peak bytes, OOM kills) from the cgroup's counters; None if unknown."""
    if group.version == 1:
        peak = group.read("memory.max_usage_in_bytes").strip()
        events = group.read("memory.oom_control")
    else:
        peak = group.read("memory.peak").strip()
        events = group.read("memory.events")
    kills = next((line.split()[1] for line in events.splitlines()
                  if line.startswith("oom_kill ")), None)
    return (int(peak) if peak.isdigit() else None), kills


def memory_report(group):
    """('412 MB', '0'): the peak and the OOM kills, '?' where unknown."""
    peak, kills = memory_figures(group)
    return (f"{peak / 2**20:.0f} MB" if peak is not None else "?"), kills or "?"


def limiting_groups(name, quota, memory):
    """Cgroups named name that limit CPU to quota µs per PERIOD and memory to
    memory bytes: (groups, None), one per controller on v1 and one on v2; or
    ([], why not), with nothing left behind."""
    groups = []
    for controller, limit, value in (("cpu", limit_cpu, quota),
                                     ("memory", limit_memory, memory)):
        group = Cgroup(controller, name)
        shared = any(g.path == group.path for g in groups)
        why = group.make(exist_ok=shared)
        if why is None:
            if not shared:
                groups.append(group)
            try:
                limit(group, value)
            except OSError as e:
                why = f"cannot limit {controller} ({e.strerror}: {e.filename})"
        if why:
            for g in groups:
                g.remove()
            return [], why
    return groups, None


def main(argv=None):
    """The command line of tests/distros/limits.sh: exit status 0, or 1 with
    the reason on stdout (make) or stderr."""
    parser = argparse.ArgumentParser(
        description="Cgroups that limit a command as a grading machine would.")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make", help="make them; print 'v1 PATH PATH' or 'v2 PATH', "
                                            "or why not (exit status 1)")
    make.add_argument("name")
    make.add_argument("quota", type=int, help=f"µs of CPU per {PERIOD} µs")
    make.add_argument("memory", type=int, help="bytes")
    join = commands.add_parser("join", help="move process PID into each cgroup")
    join.add_argument("pid", type=int)
    report = commands.add_parser("report", help="print 'PEAK_MB OOM_KILLS' ('?' if unknown)")
    remove = commands.add_parser("remove", help="kill what is left in them, then remove them")
    for command in (join, report, remove):
        command.add_argument("paths", nargs="+", metavar="PATH", help="a path make printed")
    args = parser.parse_args(argv)

    if args.command == "make":
        groups, why = limiting_groups(args.name, args.quota, args.memory)
        if why:
            print(why)
            return 1
        print(f"v{groups[0].version} " + " ".join(str(g.path) for g in groups))
        return 0
    groups = [Cgroup.at(path) for path in args.paths]
    try:
        if args.command == "join":
            for group in groups:
                group.join(args.pid)
        elif args.command == "report":
            figures = [memory_figures(g) for g in groups]
            peak, kills = next((f for f in figures if f != (None, None)), (None, None))
            print(f"{peak // 2**20 if peak is not None else '?'} {kills or '?'}")
        else:
            for group in groups:
                group.remove()
    except OSError as e:
        print(f"cgroup.py {args.command}: {e.strerror}: {e.filename}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
