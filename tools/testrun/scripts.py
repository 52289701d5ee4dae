"""Script tests: ``tests/KIND/NAME.sh BUILD`` (the gdb test, the book's
checks, the runner's output checks, the fuzz pass, the lab check).

Exit status 0 is passed, SKIP_STATUS skipped (the script's last line says
why: a check that does not apply here, such as the book's outputs in a
student tree), anything else failed.
"""

import subprocess
import time

from course import ROOT

from .results import Outcome, Report, indent, output_tail

SCRIPT_TIMEOUT = 120   # seconds for one script (the gdb test, the book's checks)
SKIP_STATUS = 77       # a script's exit status for "does not apply here" (as in automake)


def run_script_test(label, script, build, limit=SCRIPT_TIMEOUT):
    """Run a test script with BUILD as its argument and report it."""
    start = time.monotonic()
    try:
        proc = subprocess.run(["sh", str(script), str(build)], cwd=ROOT,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=limit)
        output, status = proc.stdout.decode(errors="replace"), proc.returncode
    except subprocess.TimeoutExpired as e:
        output, status = (e.stdout or b"").decode(errors="replace"), None
    duration = time.monotonic() - start
    if status == 0:
        # A part the script skipped (a "SKIP ..." line) is shown, with its reason.
        notes = indent([line.strip() for line in output.splitlines()
                        if line.strip().startswith("SKIP ")])
        return Report("\n".join([f"PASS  {label}  ({duration:.1f} s)"] + notes),
                      [Outcome(label, True)])
    if status == SKIP_STATUS:
        why = (output_tail(output, 1) or ["no reason given"])[0].strip()
        return Report(f"SKIP  {label}: {why}", [Outcome(label, True, why, output, skipped=True)])
    why = f"time limit of {limit} s reached" if status is None else f"exit status {status}"
    text = "\n".join([f"FAIL  {label}: {why}  ({duration:.1f} s)"] + indent(output_tail(output)))
    return Report(text, [Outcome(label, False, why, "\n".join(output_tail(output)))])
