"""Host tests: the cmocka programs ``BUILD/host/test_*``, each test case
counted, and the parser of cmocka's output (tools/grade.py reads it too)."""

import os
import re
import subprocess
import time

import runner
from course import ROOT

from .results import TAIL, Outcome, Report, failed, indent, output_tail

HOST_TIMEOUT = 60      # seconds for one cmocka program


# cmocka prints "[ RUN      ] name" before a test and "[       OK ] name" or
# "[  FAILED  ] name" (also ERROR, SKIPPED) after it. Failure messages come
# in between. The summary repeats failed names; those lines are ignored
# because no test is running then.
CMOCKA_LINE = re.compile(r"\[\s*(?P<tag>RUN|OK|FAILED|ERROR|SKIPPED)\s*\] (?P<name>\S.*?)\s*$")


def parse_cmocka(output):
    """Test cases from cmocka output: list of (name, passed, message lines).

    A test that started but never finished (the program crashed inside it)
    counts as failed. Skipped tests are not counted.
    """
    cases = []
    current = None
    messages = []
    for line in output.splitlines():
        m = CMOCKA_LINE.search(line)
        if m and m.group("tag") == "RUN":
            current, messages = m.group("name"), []
            continue
        if m and current is not None and m.group("name") == current:
            tag = m.group("tag")
            if tag != "SKIPPED":
                cases.append((current, tag == "OK", messages))
            current = None
            continue
        if current is not None:
            messages.append(line)
    if current is not None:
        cases.append((current, False, messages + ["(the program stopped inside this test)"]))
    return cases


def cmocka_reason(messages):
    """One line from a failed case's messages: 'MESSAGE at FILE:LINE' from
    cmocka's '[ ERROR ] --- MESSAGE' and '[ LINE ] --- FILE:LINE: error: ...'
    lines, else its first message line."""
    message = where = ""
    for line in messages:
        m = re.match(r"\s*\[\s*(ERROR|LINE)\s*\] --- (.*)$", line)
        if m and m.group(1) == "ERROR" and not message:
            message = m.group(2).strip()
        elif m and m.group(1) == "LINE" and not where:
            where = m.group(2).split(": error")[0].strip()
    if not message:
        lines = [line.strip() for line in messages if line.strip()]
        # A sanitizer's report: its "ERROR: AddressSanitizer: ..." or
        # "FILE:LINE: runtime error: ..." line says what went wrong.
        for line in lines:
            if "Sanitizer:" in line or "runtime error:" in line:
                return re.sub(r"^==\d+==", "", line)
        return lines[0] if lines else "failed"
    return message + (f" at {where}" if where else "")


def run_host_test(binary):
    """Run one cmocka program; each test case is one result."""
    name = binary.name
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="stdout")
    start = time.monotonic()
    try:
        proc = subprocess.run([str(binary)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=HOST_TIMEOUT)
        output = proc.stdout.decode(errors="replace")
        status = proc.returncode
    except subprocess.TimeoutExpired as e:
        output = (e.stdout or b"").decode(errors="replace")
        status = None
    except OSError as e:
        return failed(f"host/{name}", f"cannot run — {e}")
    duration = time.monotonic() - start

    lines, outcomes = [], []
    for case, ok, messages in parse_cmocka(output):
        label = f"host/{name}/{case}"
        outcomes.append(Outcome(label, ok, "" if ok else cmocka_reason(messages),
                                "\n".join(messages)))
        lines.append(f"{'PASS' if ok else 'FAIL'}  {label}")
        if not ok:
            lines += indent(runner.tail(messages, TAIL))
    # A crash, a sanitizer report or a time-out outside the parsed cases
    # fails the program as a whole.
    problem = None
    if status is None:
        problem = f"time limit of {HOST_TIMEOUT} s reached"
    elif status < 0:
        problem = f"killed by signal {-status}"
    elif status != 0 and all(outcome.passed for outcome in outcomes):
        problem = f"exit status {status}" + ("" if outcomes else " and no test results")
    elif not outcomes:
        problem = "no test results in its output"
    if problem:
        outcomes.append(Outcome(f"host/{name}", False, problem,
                                "\n".join(output_tail(output))))
        lines.append(f"FAIL  host/{name}: {problem}  ({duration:.1f} s)")
        lines += indent(output_tail(output))
    return Report("\n".join(lines), outcomes)
