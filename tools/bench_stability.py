#!/usr/bin/env python3
"""The stability figure of ``make bench``: the same grades whatever the machine.

Issue 23 asks for one score per submission on any grading machine. This
figure grades two trees, the course's own (every lab solved: full marks)
and its handout (every lab a stub: the low score a student starts from),
first once with no limit (the reference CSV), then ``--runs`` times (5 by
default) under each of four conditions, and prints per condition whether
every run's CSV is the reference's, which rows differ if not, and the time:

* 1 CPU (the affinity mask, as ``taskset``) while ``os.cpu_count()`` says
  32, as in a container on a big host;
* 4x oversubscription: the same CPU, with 4 labs graded at once (``--jobs``
  4 on 1 CPU);
* a tenth of a CPU: a cgroup of our own with cgroup v1's
  ``cpu.cfs_quota_us`` 10000 of 100000 (or v2's ``cpu.max``);
* 768 MB: a cgroup with that memory limit (Gradescope's default), swap
  included; its peak use and OOM kills are printed.

Why it is cheap enough for one ``make bench``: the time and memory that
can flip a verdict are spent running the labs' tests (boots with hang
limits, host tests with time limits), not building them, and a warm grade
writes nothing into its tree. So each tree is built once, at full speed,
by the reference grade, and every later run grades the same warm tree: the
whole tree and every lab, hidden variants included, nothing left out. The
runs of the tenth-of-a-CPU condition, the slow one, run all at once, each
in a cgroup of its own (ten tenths: one CPU in all); in the others the two
trees are graded side by side (each pinned to a CPU of its own in the
pinned conditions), their runs one after another. That is about six
minutes on this 2-core machine with the default 5 runs; ``--runs`` cuts
runs, never conditions.

Cgroups are made below the cgroup we are in (so that any limit above still
holds) and removed after. Where they cannot be written (not root, or v2
without a delegated cpu or memory controller) the row says "skipped: why".
Run alone::

    python3 tools/bench_stability.py --build build/gcc --cc cc [--runs 5]
"""

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from course import ROOT  # noqa: E402  (tools/ is not a package)
from cgroup import MEMORY, PERIOD, QUOTA, Cgroup, limit_cpu, limit_memory, memory_report  # noqa: E402

PYTHON = "/usr/bin/python3"
SCRATCH = ROOT / "build" / "bench-stability"   # reachable by the sandbox's user
REPORTED_CPUS = 32
RUN_LIMIT = 1800                                # seconds before a run is killed
REASON = 120                                    # characters of a reason shown
# grade.py with os.cpu_count() lying, as it does in a container on a big host.
LYING = ("import os, runpy, sys; os.cpu_count = lambda: %d; sys.argv = sys.argv[1:]; "
         "runpy.run_path(sys.argv[0], run_name='__main__')" % REPORTED_CPUS)


def grade(tree, args, out, cpus=None, jobs=None, lying=False, group=None):
    """One grade of tree into the CSV file out, limited as asked; wall seconds."""
    command = [PYTHON, str(ROOT / "tools" / "grade.py"), "--tree", str(tree),
               "--build", args.build, "--cc", args.cc, "--csv", str(out)]
    if jobs:
        command += ["--jobs", str(jobs)]
    if lying:
        command = [PYTHON, "-c", LYING] + command[1:]
    # Through sh and taskset, not a preexec_fn, which is unsafe in threads.
    if cpus:
        command = ["taskset", "-c", ",".join(map(str, sorted(cpus)))] + command
    if group:
        command = ["sh", "-c", 'echo $$ > "$0" && exec "$@"',
                   str(group.path / "cgroup.procs")] + command

    start = time.monotonic()
    with open(out.with_suffix(".log"), "wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(RUN_LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
    return time.monotonic() - start


def rows(path, field="points"):
    """{exercise: (field, reason)} of a grade's CSV ({} if it wrote none)."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return {r["exercise"]: (r[field], r["reason"]) for r in csv.DictReader(f)}
    except OSError:
        return {}


def verdict(reference, csvs):
    """('5/5 identical', []) or ('4/5 identical', lines that say which rows
    differ: points and reason in the reference and in the first run that
    differs)."""
    same = sum(rows(c) == reference for c in csvs)
    differ = {}
    for number, c in enumerate(csvs, 1):
        got = rows(c)
        for lab in sorted(set(reference) | set(got)):
            if got.get(lab) != reference.get(lab) and lab not in differ:
                want, have = reference.get(lab, ("-", "no row")), got.get(lab, ("-", "no row"))
                differ[lab] = (f"lab {lab}: {want[0]} points, {want[1][:REASON]!r} with no "
                               f"limit; {have[0]} points, {have[1][:REASON]!r} in run {number}")
    return f"{same}/{len(csvs)} identical", list(differ.values())


def total(table):
    """The sum of the first column of rows()."""
    return sum(int(p) for p, _ in table.values() if p.isdigit())


def lanes_of(jobs, parallel):
    """The jobs split into lanes that run side by side, each in order: one
    lane per job if parallel, else one per tree."""
    if parallel:
        return [[job] for job in jobs]
    trees = list(dict.fromkeys(job[0] for job in jobs))
    return [[job for job in jobs if job[0] == label] for label in trees]


def run_condition(name, tag, trees, references, args, pin=False, cgroup=None,
                  parallel=False, **limits):
    """Grade each tree args.runs times under limits (files named by tag) and
    print the row. pin: each tree's runs on one CPU of their own (the same
    one if we have only one); cgroup: "cpu" or "memory", a cgroup per run."""
    jobs, groups = [], []
    for label, tree in trees.items():
        for n in range(args.runs):
            group = None
            if cgroup:
                group = Cgroup(cgroup, f"bench-stability-{os.getpid()}-{label}-{n}")
                why = group.make()
                if why:
                    for g in groups:
                        g.remove()
                    print(f"  {name:44} skipped: {why}", flush=True)
                    return
                (limit_cpu if cgroup == "cpu" else limit_memory)(group)
                groups.append(group)
            jobs.append((label, tree, SCRATCH / f"{tag}-{label}-{n}.csv", group))
    lanes = lanes_of(jobs, parallel)
    ours = sorted(os.sched_getaffinity(0))
    cpus = [{ours[-1 - i % len(ours)]} if pin else None for i in range(len(lanes))]
    if pin and len(ours) < len(lanes):
        lanes, cpus = [jobs], cpus[:1]      # one CPU: the trees in turn on it

    def run_lane(i):
        return [grade(tree, args, out, cpus=cpus[i], group=group, **limits)
                for _, tree, out, group in lanes[i]]

    start = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
            seconds = [s for lane in pool.map(run_lane, range(len(lanes))) for s in lane]
        peaks = [memory_report(g) for g in groups] if cgroup == "memory" else []
    finally:
        for g in groups:
            g.remove()
    wall = time.monotonic() - start
    verdicts = {label: verdict(references[label], [c for l, _, c, _ in jobs if l == label])
                for label in trees}
    print(f"  {name:44} " + "; ".join(f"{label} {text}" for label, (text, _)
                                       in verdicts.items()), flush=True)
    for label, (_, lines) in verdicts.items():
        for line in lines:
            print(f"  {'':44} {label}: {line}", flush=True)
    how = "all at once" if parallel else ("the trees side by side" if len(lanes) > 1
                                          else "one after another")
    detail = (f"a run: median {statistics.median(seconds):.1f} s, longest "
              f"{max(seconds):.1f} s; {wall:.0f} s in all ({how})")
    if peaks:
        detail += (f"; peak memory {max(p for p, _ in peaks)}, OOM kills "
                   + "+".join(k for _, k in peaks))
    print(f"  {'':44} {detail}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Grade the course's tree and its handout "
                                     "under CPU and memory limits: the same CSV each time?")
    parser.add_argument("--build", default="build/gcc", help="the build directory in a tree")
    parser.add_argument("--cc", default="cc", help="the compiler, as make's CC")
    parser.add_argument("--runs", type=int, default=5, help="runs of each tree per condition")
    args = parser.parse_args(argv)
    args.runs = max(1, args.runs)
    from grader import tree as grading_tree
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    trees = {"full": ROOT, "handout": SCRATCH / "handout"}
    grading_tree.make_base(trees["handout"])
    print(f"stability: the full tree and the handout graded {args.runs} time(s) under each "
          "limit: the same CSV as with none?", flush=True)
    references = {}
    for label, tree in trees.items():     # builds the handout, warms the full tree
        out = SCRATCH / f"reference-{label}.csv"
        seconds = grade(tree, args, out)
        references[label] = rows(out)
        print(f"  {'reference, no limit: ' + label:44} {total(references[label])}/"
              f"{total(rows(out, 'possible'))} points, {seconds:.1f} s", flush=True)
    run_condition(f"1 CPU, os.cpu_count() says {REPORTED_CPUS}", "one-cpu", trees,
                  references, args, pin=True, lying=True)
    run_condition("4x oversubscribed: 4 jobs on 1 CPU", "four-jobs", trees, references,
                  args, pin=True, jobs=4)
    run_condition(f"a tenth of a CPU (cgroup quota {QUOTA}/{PERIOD})", "tenth-cpu", trees,
                  references, args, cgroup="cpu", parallel=True)
    run_condition(f"{MEMORY // 2**20} MB (memory cgroup, no swap)", "memory", trees,
                  references, args, cgroup="memory")
    if not os.environ.get("KEEP"):
        shutil.rmtree(SCRATCH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
