"""Nothing is left behind when the runner is stopped, however it is stopped.

tests/runner/check_leftovers.sh runs this with the build directory. For
each of SIGINT (Ctrl-C), SIGHUP (the terminal closed), SIGTERM and SIGKILL
it starts ``tools/qemu_runner.py`` on the hang kernel with a private
TMPDIR, waits until the kernel runs, sends the signal to the runner alone
and checks that the runner ends as interrupted (status 130, but for
SIGKILL), that no QEMU of that run is left and that TMPDIR is empty (no
``qemu-runner-*`` directory). SIGTERM is sent once more with QEMU frozen
(SIGSTOP), the runner waiting for an answer that never comes. Then, where the instructor's lab check
exists (tests/labs/check.sh), it interrupts it as Ctrl-C does (SIGINT to
its whole process group) while the batch builds the handout, and checks that its
TMPDIR is empty. The cleanup is given up to CLEANUP_SECONDS: a bound for
"never", not a measure of speed.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CLEANUP_SECONDS = 30
SIGNALS = (signal.SIGINT, signal.SIGHUP, signal.SIGTERM, signal.SIGKILL)
INTERRUPTED = 130      # the runner's exit status when a signal stopped it


def processes_naming(text):
    """Pids of the processes whose command line contains text."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def wait_for(condition, seconds):
    """Poll condition until it holds or seconds pass; its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def kernel_runs(tmp):
    for log in Path(tmp).glob("qemu-runner-*/serial.log"):
        try:
            if b"waiting forever" in log.read_bytes():
                return True
        except OSError:
            pass
    return False


def process_state(pid):
    """'PID STATE wchan' of a process, from /proc (for a report)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        state = next(line.split(":", 1)[1].strip() for line in status.splitlines()
                     if line.startswith("State:"))
        wchan = Path(f"/proc/{pid}/wchan").read_text().strip() or "-"
        return f"{pid} {state} in {wchan}"
    except (OSError, StopIteration):
        return f"{pid} gone"


def not_ending(runner, stderr, tmp):
    """Why the runner did not end: its Python stack (the runner prints it
    on SIGUSR1) and the state of the processes of its run."""
    os.kill(runner.pid, signal.SIGUSR1)
    time.sleep(1)
    stderr.seek(0)
    stack = stderr.read().decode(errors="replace").strip().splitlines()[-12:]
    states = [process_state(runner.pid)] + [process_state(p) for p in processes_naming(tmp)]
    return "; ".join(states) + "\n    " + "\n    ".join(stack)


def one_signal(build, signum, frozen=False):
    """Stop a runner with signum; what is left behind (a list of problems).
    frozen: QEMU is stopped (SIGSTOP) first, so that the runner's next
    question to it is never answered: the signal must end it all the same."""
    name = signal.Signals(signum).name + (" with QEMU frozen" if frozen else "")
    with tempfile.TemporaryDirectory(prefix="leftovers-", dir="/tmp") as tmp, \
            tempfile.TemporaryFile() as stderr:
        env = dict(os.environ, TMPDIR=tmp)
        runner = subprocess.Popen(
            [sys.executable, str(ROOT / "tools" / "qemu_runner.py"),
             str(Path(build) / "runner" / "hang.iso"), "--timeout", "120"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=stderr, start_new_session=True)
        try:
            if not wait_for(lambda: kernel_runs(tmp), 60):
                return [f"{name}: the hang kernel never ran"]
            if not processes_naming(tmp):
                return [f"{name}: no QEMU found for {tmp}"]
            if frozen:
                for pid in set(processes_naming(tmp)) & set(processes_naming("qemu-system")):
                    os.kill(pid, signal.SIGSTOP)
                time.sleep(1)   # the runner now waits for an answer (it looks twice a second)
            os.kill(runner.pid, signum)
            try:
                runner.wait(timeout=CLEANUP_SECONDS)
            except subprocess.TimeoutExpired:
                return [f"{name}: the runner did not end within {CLEANUP_SECONDS} s: "
                        + not_ending(runner, stderr, tmp)]
            if signum != signal.SIGKILL and runner.returncode != INTERRUPTED:
                return [f"{name}: the runner ended with status {runner.returncode}, not "
                        f"{INTERRUPTED} (interrupted)"]
        finally:
            if runner.poll() is None:
                runner.kill()
                runner.wait()
        problems = []
        qemus = wait_for(lambda: not processes_naming(tmp), CLEANUP_SECONDS) \
            or processes_naming(tmp)
        if qemus is not True:
            problems.append(f"{name}: QEMU (or another process of the run) still runs: pids {qemus}")
            for pid in qemus:
                os.kill(pid, signal.SIGKILL)
        left = wait_for(lambda: not os.listdir(tmp), CLEANUP_SECONDS) or os.listdir(tmp)
        if left is not True:
            problems.append(f"{name}: left in TMPDIR: {left}")
        return problems


def labs_check_interrupted(build):
    """Ctrl-C in tests/labs/check.sh: what it leaves in TMPDIR (problems)."""
    script = ROOT / "tests" / "labs" / "check.sh"
    if not script.is_file():
        return []       # a student's tree: the check is the instructor's
    with tempfile.TemporaryDirectory(prefix="labs-leftovers-", dir="/tmp") as tmp:
        env = dict(os.environ, TMPDIR=tmp)
        with open(Path(tmp) / "check.out", "wb") as out:
            check = subprocess.Popen(["sh", str(script), str(build)], cwd=ROOT, env=env,
                                     stdin=subprocess.DEVNULL, stdout=out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            # Interrupt while grade_all.py builds the handout once, in a
            # grade.py of its own (if the check ends before, by itself, its
            # tree must be gone all the same).
            output = Path(tmp) / "check.out"
            started = wait_for(lambda: b"building the handout once" in output.read_bytes()
                               or check.poll() is not None, 120)
            if not started:
                return ["labs/check.sh: never started grading: "
                        + (Path(tmp) / "check.out").read_text(errors="replace")[-500:]]
            if check.poll() is None:
                os.killpg(check.pid, signal.SIGINT)
                check.wait(timeout=CLEANUP_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        finally:
            if check.poll() is None:
                os.killpg(check.pid, signal.SIGKILL)
                check.wait()
        def leftovers():
            return [name for name in os.listdir(tmp) if name != "check.out"]
        left = wait_for(lambda: not leftovers(), CLEANUP_SECONDS) or leftovers()
        if left is not True:
            return [f"labs/check.sh interrupted: left in TMPDIR: {left}"]
        return []


def main(build):
    problems = []
    for signum in SIGNALS:
        problems += one_signal(build, signum)
    problems += one_signal(build, signal.SIGTERM, frozen=True)
    problems += labs_check_interrupted(build)
    for problem in problems:
        print(problem)
    if not problems:
        print("runner stopped by " + ", ".join(signal.Signals(s).name for s in SIGNALS)
              + " and by SIGTERM with QEMU frozen: no QEMU and no directory left; the lab "
              "check's tree removed on Ctrl-C")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
