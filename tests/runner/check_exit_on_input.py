"""A kernel may exit on the last key or NMI it is sent, before QEMU answers.

tests/runner/check_exit_on_input.sh runs this with the build directory.
QEMU hands a key or an NMI to the guest while it handles the QMP command,
and answers it a moment later; a kernel that exits on that input can end
QEMU in between, and the runner then learns of the exit instead of the
answer. That is a step met (its last input was sent), not a kernel that
"exited before step N was met". The moment is narrow (one boot in
hundreds under load), so this makes it happen every time: the runner's
sending of the last key, and of the last NMI, is the real one followed by
the error a closed socket gives. Two boots that pass in the tree's own
tests must still pass so:

* the echo kernel, given runner/echo_markers.test: it exits on the "."
  typed last;
* lesson 06's NMI storm kernel, given its nmi_storm.test: it exits once the
  20th NMI is handled (skipped in a student tree, which has no such test).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402
import runner.steps  # noqa: E402

LOST = "QMP connection closed (QEMU exited?)"   # what runner.qmp says then
real_type_key, real_execute = runner.steps.type_key, runner.QMPClient.execute
ECHO_SPEC = "tests/runner/echo_markers.test"
STORM_SPEC = "lessons/06-double-faults/tests/nmi_storm.test"


def boot(build, image, spec_path):
    return runner.boot(Path(build).resolve() / image, runner.load_spec(ROOT / spec_path))


def type_key_unanswered(qmp, ch):
    real_type_key(qmp, ch)
    if ch == ".":
        raise runner.QMPError(LOST)


def execute_unanswered(qmp, command, arguments=None):
    answer = real_execute(qmp, command, arguments)
    if command == "inject-nmi":
        qmp.nmis = getattr(qmp, "nmis", 0) + 1
        if qmp.nmis == 20:
            raise runner.QMPError(LOST)
    return answer


def main(build):
    runner.steps.type_key = type_key_unanswered
    results = [("exit on the last key", boot(build, "runner/echo.iso", ECHO_SPEC))]
    runner.steps.type_key = real_type_key
    if (ROOT / STORM_SPEC).is_file():
        runner.QMPClient.execute = execute_unanswered
        results.append(("exit on the last NMI",
                        boot(build, "06-double-faults/nmi_storm.iso", STORM_SPEC)))
        runner.QMPClient.execute = real_execute
    else:
        print("SKIP exit on the last NMI: lesson 06's NMI storm test is instructor-only "
              "(it needs lab 6.1's solution), not in a student tree")
    problems = [f"{what}: {result.verdict}: {result.reason} (expected: passed)"
                for what, result in results if result.verdict != "passed"]
    for problem in problems:
        print(problem)
    for what, result in results:
        print(f"{what}, unanswered: {result.verdict} ({result.reason})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
