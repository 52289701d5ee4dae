"""Script tests: ``tests/KIND/NAME.sh BUILD`` (the gdb test, the book's
checks, the runner's output checks, the fuzz pass, the lab check).

Exit status 0 is passed, SKIP_STATUS skipped (the script's last line says
why: a check that does not apply here, such as the book's outputs in a
student tree), anything else failed.
"""

import os
import signal
import subprocess
import tempfile
import time

import runner
from course import ROOT

from .results import Outcome, Report, indent, output_tail, skipped

SCRIPT_TIMEOUT = 300   # seconds for one script (the gdb test, the book's checks): a bound
                       # for "never ends", not a speed goal (some take 20 s on two idle CPUs)
SKIP_STATUS = 77       # a script's exit status for "does not apply here" (as in automake)
STOP_GRACE = 10        # seconds a stopped script's processes have to clean up, before SIGKILL


def run_script(script, build, limit):
    """(output, exit status) of ``sh SCRIPT BUILD``; status None if it was
    stopped: at its time limit, or when the run stops (runner.STOP: Ctrl-C,
    SIGTERM). Its processes form a group of their own, so that all of them
    stop, not only the shell (a shell runs its traps only once the command
    it waits for ends)."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(["sh", str(script), str(build)], cwd=ROOT,
                                stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + limit
        status = None
        try:
            while status is None and time.monotonic() < deadline and not runner.STOP.is_set():
                try:
                    status = proc.wait(timeout=0.5)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            if status is None:
                _stop_group(proc)
        out.seek(0)
        return out.read().decode(errors="replace"), status


def _stop_group(proc):
    """SIGTERM to proc's process group (the lab scripts clean up on it),
    SIGKILL to what is left after STOP_GRACE seconds."""
    for sig, grace in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            pass


def run_script_test(label, script, build, limit=SCRIPT_TIMEOUT):
    """Run a test script with BUILD as its argument and report it."""
    start = time.monotonic()
    output, status = run_script(script, build, limit)
    duration = time.monotonic() - start
    if status == 0:
        # A part the script skipped (a "SKIP ..." line) is shown, with its reason.
        notes = indent([line.strip() for line in output.splitlines()
                        if line.strip().startswith("SKIP ")])
        return Report("\n".join([f"PASS  {label}  ({duration:.1f} s)"] + notes),
                      [Outcome(label, True)])
    if status == SKIP_STATUS:
        why = (output_tail(output, 1) or ["no reason given"])[0].strip()
        return skipped(label, why, output)
    why = f"exit status {status}" if status is not None else \
        "stopped" if runner.STOP.is_set() else f"time limit of {limit} s reached"
    text = "\n".join([f"FAIL  {label}: {why}  ({duration:.1f} s)"] + indent(output_tail(output)))
    return Report(text, [Outcome(label, False, why, "\n".join(output_tail(output)))])
