"""Running the jobs: a fixed number at a time, slowest first, the chained
ones (the lab scripts) one after another in one place; and the times that
order them, kept from one run to the next in ``BUILD/test-times.json``.

A boot costs about as much as QEMU's own start (the kernel is loaded
directly, with no boot loader), so a plain pool fills the CPUs: a test that
mostly waits (a timer, a hang to its time limit) leaves a CPU idle for a
while, and starting the slowest first puts that wait beside the quick
tests, not after them.
"""

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import runner

TIMES_FILE = "test-times.json"


class Times:
    """Each job's seconds: the previous run's, and this run's as measured."""

    def __init__(self, build):
        self.path = build / TIMES_FILE
        self.previous = {}      # label -> seconds, read before the run
        self.measured = {}      # label -> seconds, in this run
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            self.previous = {k: float(v) for k, v in kept["seconds"].items()}
        except (OSError, ValueError, AttributeError, TypeError, KeyError):
            pass

    def expected(self, job):
        """How long job should take: its last time, else its own guess."""
        return self.previous.get(job.label, job.guess)

    def write(self):
        """Keep this run's times (merged with older ones) for the next run."""
        if not self.measured or not self.path.parent.is_dir():
            return
        kept = {"seconds": dict(self.previous, **self.measured)}
        try:
            self.path.write_text(json.dumps(kept, indent=0, sort_keys=True) + "\n",
                                 encoding="utf-8")
        except OSError:
            pass


def default_jobs():
    """How many tests run at once by default: the CPUs this process may use
    (in a container, os.cpu_count() reports the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_pool(jobs, count, run_job, times):
    """Call run_job(job) for every job, count at a time, slowest first. The
    jobs marked chained run one after another, in their order, as one job of
    the pool that takes as long as they do together (and so starts first).
    Each job's time goes into times."""
    def timed(job):
        start = time.monotonic()
        run_job(job)
        times.measured[job.label] = round(time.monotonic() - start, 2)

    def run_chain():
        for job in chain:
            if not runner.STOP.is_set():
                timed(job)

    chain = [job for job in jobs if job.chained]
    work = [(times.expected(job), partial(timed, job)) for job in jobs if not job.chained]
    if chain:
        work.append((sum(times.expected(job) for job in chain), run_chain))
    work.sort(key=lambda item: -item[0])
    executor = ThreadPoolExecutor(max_workers=max(1, count))
    try:
        for future in [executor.submit(task) for _, task in work]:
            future.result()
    except KeyboardInterrupt:
        runner.STOP.set()       # every running boot and script stops
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
