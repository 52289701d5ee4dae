"""Script tests: ``tests/KIND/NAME.sh BUILD`` (the gdb test, the book's
checks, the runner's output checks, the fuzz pass, the lab check).

Exit status 0 is passed, SKIP_STATUS skipped (the script's last line says
why: a check that does not apply here, such as the book's outputs in a
student tree), anything else failed.

Each result line gives the script's wall time and its CPU time (its own
and that of every process it waited for, as the kernel counts them for
wait4()): on a shared machine the CPU seconds are the figure to compare.
"""

import os
import subprocess
import tempfile
import threading
import time

from course import ROOT

from .results import Outcome, Report, indent, output_tail

SCRIPT_TIMEOUT = 120   # seconds for one script (the gdb test, the book's checks)
SKIP_STATUS = 77       # a script's exit status for "does not apply here" (as in automake)


def run_counted(command, limit):
    """Run command (output to a file, so that no pipe fills) and return
    (output, exit status or None at the time limit, CPU seconds)."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
        ended = {}

        def reap():     # wait4, not Popen.wait: it also returns the CPU used
            _, status, usage = os.wait4(proc.pid, 0)
            ended.update(status=status, cpu=usage.ru_utime + usage.ru_stime)

        reaper = threading.Thread(target=reap, daemon=True)
        reaper.start()
        reaper.join(limit)
        timed_out = reaper.is_alive()
        if timed_out:
            proc.kill()
            reaper.join()
        proc.returncode = os.waitstatus_to_exitcode(ended["status"])   # reaped above
        out.seek(0)
        output = out.read().decode(errors="replace")
    return output, None if timed_out else proc.returncode, ended["cpu"]


def run_script_test(label, script, build, limit=SCRIPT_TIMEOUT):
    """Run a test script with BUILD as its argument and report it."""
    start = time.monotonic()
    output, status, cpu = run_counted(["sh", str(script), str(build)], limit)
    took = f"({time.monotonic() - start:.1f} s, {cpu:.1f} CPU-s)"
    if status == 0:
        # A part the script skipped (a "SKIP ..." line) is shown, with its reason.
        notes = indent([line.strip() for line in output.splitlines()
                        if line.strip().startswith("SKIP ")])
        return Report("\n".join([f"PASS  {label}  {took}"] + notes),
                      [Outcome(label, True)])
    if status == SKIP_STATUS:
        why = (output_tail(output, 1) or ["no reason given"])[0].strip()
        return Report(f"SKIP  {label}: {why}", [Outcome(label, True, why, output, skipped=True)])
    why = f"time limit of {limit} s reached" if status is None else f"exit status {status}"
    text = "\n".join([f"FAIL  {label}: {why}  {took}"] + indent(output_tail(output)))
    return Report(text, [Outcome(label, False, why, "\n".join(output_tail(output)))])
