"""Red-team cases about processes: what one sandboxed run can learn from,
or do to, the processes of another (tests/labs/redteam.py runs them).

In the sandbox's setpriv mode (no namespaces) every run sees the machine's
processes: /proc/PID/cmdline is world-readable, and two runs of one uid
could signal, trace or read each other. The cases:

* :class:`CommandLineSpy`: a sandboxed run that reads every command line
  while a batch grades, and reports each process of that batch whose
  command line holds a student's name or a hidden value. Before the fix,
  grade.py was given ``--student NAME``.
* :func:`concurrent_run_attacks`: one run kills, reads the memory and
  environment of, and reads the private files of, another run that is
  running beside it. Each run has a uid of its own (tools/sandbox.py), so
  each attempt must fail; with one uid shared (Slot.__enter__ patched to
  hand both the same uid) all but ptrace, which the filter refuses, worked.
* :func:`killed_run_leftovers`: a grader killed during a run; the next run
  of that uid must not read what the killed run had been given.
* :func:`killed_grader_attack`: a grader killed by SIGKILL while it holds
  the course tree closed; the next start must reopen it (tests/labs/
  redteam.sh runs it on its own, when no grader holds the tree closed).
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import sandbox  # noqa: E402

PYTHON = "/usr/bin/python3"

# Runs in the sandbox: until the file "stop" appears, list every process's
# parent and command line; a process is "ours" if its command line holds the
# marker (the batch's folder) or its parent is ours. Prints each of ours
# whose command line holds one of the words (one a line in "words").
SPY = r"""
import os, time
words = [w for w in open("words").read().split("\n") if w]
marker = words.pop(0)
ours, parent, said = set(), {}, set()
while not os.path.exists("stop"):
    seen = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                line = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        seen.append((int(entry), ppid, line))
    for _ in range(3):
        for pid, ppid, line in seen:
            if marker in line or ppid in ours:
                ours.add(pid)
    for pid, ppid, line in seen:
        for word in words:
            if pid in ours and word in line and (pid, word) not in said:
                said.add((pid, word))
                print(f"LEAK {word!r} in {line[:300]}", flush=True)
    time.sleep(0.05)
print("spy-ran", flush=True)
"""


class CommandLineSpy:
    """A sandboxed run reading the command lines of a batch's processes
    while it grades (start() before it, finish() after it)."""

    def __init__(self, marker, words):
        self.work = Path(tempfile.mkdtemp(prefix="redteam-spy-"))
        os.chmod(self.work, 0o700)
        (self.work / "words").write_text("\n".join([str(marker), *words]) + "\n")
        self.done = None
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        self.done = sandbox.run([PYTHON, "-c", SPY], [sandbox.rw(self.work)], self.work,
                                limits=sandbox.Limits(seconds=3000, processes=8))

    def start(self):
        sandbox.give(self.work)
        self.thread.start()
        return self

    def finish(self):
        """Stop the spy; a list of problems (empty: nothing leaked)."""
        (self.work / "stop").touch()
        self.thread.join()
        subprocess.run(["rm", "-rf", str(self.work)])
        output = self.done.output if self.done else ""
        leaks = [line for line in output.splitlines() if line.startswith("LEAK ")]
        if leaks or "spy-ran" not in output:
            return ["a sandboxed run read a student's name or a hidden value on the command "
                    "line of a grading process: " + ("; ".join(leaks[:5]) or output[-400:])]
        print("ok    command lines: no student's name or hidden value on any grading "
              "process's, read from a sandboxed run while the batch graded")
        return []


# The victim writes a secret in its private folders and waits until the
# file "done" appears (or 60 s); the attacker, given its pid and folders,
# tries to reach it.
VICTIM = ('echo "$HOME" > home; echo redteam-secret > secret; '
          'echo redteam-secret > "$HOME/secret"; '
          'for i in $(seq 600); do [ -e done ] && break; sleep 0.1; done; echo "$0"')
ATTACK = r"""
import ctypes, os, sys
pid, folder, home = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def attempt(what, action):
    try:
        if action() is not False:
            print(f"BREACH {what}", flush=True)
    except OSError:
        pass
def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return b"redteam-secret" in data or b"HOME=" in data
def memory():
    with open(f"/proc/{pid}/mem", "rb") as f:
        return True
libc = ctypes.CDLL(None, use_errno=True)
attempt("ptrace attach", lambda: libc.ptrace(16, pid, 0, 0) == 0)
attempt("/proc/PID/mem", memory)
attempt("/proc/PID/environ", lambda: read(f"/proc/{pid}/environ"))
attempt("/proc/PID/cwd", lambda: read(f"/proc/{pid}/cwd/secret"))
attempt("its folder", lambda: read(f"{folder}/secret"))
attempt("its home", lambda: read(f"{home}/secret"))
attempt("SIGSTOP", lambda: os.kill(pid, 19))
attempt("SIGKILL", lambda: os.kill(pid, 9))
print("attack-ran", flush=True)
"""


def _process(argv0, mark):
    """The pid (seen from here) of the process whose argv[0] is argv0 and
    whose command line holds mark, or None."""
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv[0] == argv0.encode() and mark.encode() in argv:
            return int(entry)
    return None


def concurrent_run_attacks():
    """Two runs at once: the second cannot reach the first."""
    victim_dir = Path(tempfile.mkdtemp(prefix="redteam-victim-"))       # 0700
    attacker_dir = Path(tempfile.mkdtemp(prefix="redteam-attacker-"))
    mark = f"redteam-victim-{os.getpid()}"
    limits = sandbox.Limits(seconds=90, processes=16)
    done = {}
    victim = threading.Thread(target=lambda: done.update(victim=sandbox.run(
        ["sh", "-c", VICTIM, mark], [sandbox.rw(victim_dir)], victim_dir, limits=limits)))
    problems = []
    try:
        sandbox.give(victim_dir)
        sandbox.give(attacker_dir)
        victim.start()
        pid = None
        for _ in range(300):
            pid = _process("sh", mark)
            if pid and (victim_dir / "home").is_file() and (victim_dir / "secret").is_file():
                break
            time.sleep(0.1)
        home = (victim_dir / "home").read_text().strip()
        attack = sandbox.run([PYTHON, "-c", ATTACK, str(pid), str(victim_dir), home],
                             [sandbox.rw(attacker_dir)], attacker_dir, limits=limits)
        (victim_dir / "done").touch()
        victim.join()
        breaches = [line for line in attack.output.splitlines() if line.startswith("BREACH")]
        if mark not in done["victim"].output:
            breaches.append("the victim did not finish: " + done["victim"].output[-200:])
        if breaches or "attack-ran" not in attack.output:
            problems.append("a run reached another run beside it: "
                            + ("; ".join(breaches) or attack.output[-400:]))
        else:
            print("ok    a run beside another could not trace, signal, or read the memory, "
                  "environment or private files of it")
    except (OSError, KeyError) as e:
        problems.append(f"the concurrent runs did not run: {e}")
    finally:
        (victim_dir / "done").touch()
        victim.join()
        subprocess.run(["rm", "-rf", str(victim_dir), str(attacker_dir)])
    return problems


# A grader mid-run: its sandboxed run binds a folder outside the course tree,
# so the setpriv mode closes the tree (tools/sandbox_setpriv.close_tree).
GRADER = """
import os, sys, tempfile
sys.path.insert(0, "tools")
import sandbox
work = tempfile.mkdtemp(prefix="work-")
sandbox.give(work)
print("grading", flush=True)
sandbox.run(["sleep", "60"], [sandbox.rw(work)], work)
"""
# The next run, of the course's own tree (as `make grade` there does).
NEXT_RUN = """
import sys
sys.path.insert(0, "tools")
import sandbox
done = sandbox.run(["ls", "Makefile"], [sandbox.ro(".")], ".")
print(done.output, flush=True)
"""


def killed_scratch():
    """A TMPDIR for a grader this suite kills (open to the sandbox's users,
    as the temporary directory is): what it makes there -- its work folder,
    its run's home -- no exit of its own removes, so the suite removes this
    folder after it, or every run would leave two folders in /tmp."""
    scratch = Path(tempfile.mkdtemp(prefix="redteam-killed-"))
    os.chmod(scratch, 0o755)
    return scratch


def killed_grader_attack():
    """A grader killed by SIGKILL while it holds the course tree closed:
    the next start reopens it, for a run and for an ordinary user. Only in
    the setpriv mode, as root, on a tree that is open to others."""
    mode = os.stat(ROOT).st_mode
    if os.geteuid() != 0 or sandbox.mode() != "setpriv" or not mode & 0o001:
        print("skip  a killed grader: needs root, the setpriv mode and a tree open to others")
        return []
    problems = []
    scratch = killed_scratch()
    grader = subprocess.Popen([PYTHON, "-c", GRADER], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, start_new_session=True,
                              env=dict(os.environ, TMPDIR=str(scratch)))
    grader.stdout.readline()
    for _ in range(100):
        if not os.stat(ROOT).st_mode & 0o001:
            break
        time.sleep(0.1)
    os.killpg(grader.pid, signal.SIGKILL)
    grader.wait()
    closed = not os.stat(ROOT).st_mode & 0o001
    after = subprocess.run([PYTHON, "-c", NEXT_RUN], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    user = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                           "ls", str(ROOT / "Makefile")], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if not closed:
        problems.append("a killed grader: the tree was not closed while it graded")
    elif "Makefile" not in after.stdout.split("sandbox:")[-1] or user.returncode != 0:
        problems.append(f"a grader killed by SIGKILL left {ROOT} closed: the next run said "
                        f"{after.stdout.strip()!r}, an ordinary user {user.stdout.strip()!r}")
    else:
        print("ok    a grader killed by SIGKILL: the next start reopened the course tree, "
              "for its run and for an ordinary user")
    if not os.stat(ROOT).st_mode & 0o001:
        os.chmod(ROOT, mode)        # leave the tree as it was, whatever happened
    subprocess.run(["rm", "-rf", str(scratch)])
    return problems


# A grader whose run (on one uid, the last of RUN_UIDS) keeps a secret in its
# writable folder, 0600 in 0700: what a host lab's stage holds (the course's
# solutions, a hidden test). The grader is killed in the middle of the run.
LEFTOVER = """
import os, sys
sys.path.insert(0, "tools")
import sandbox
sandbox.RUN_UIDS = range(sandbox.RUN_UIDS[-1], sandbox.RUN_UIDS[-1] + 1)
if sys.argv[1] == "grader":
    sandbox.run(["sh", "-c", "echo redteam-secret > s; chmod 600 s; sleep 60"],
                [sandbox.rw(sys.argv[2])], sys.argv[2])
else:   # the next run of that uid: another submission's
    print(sandbox.run(["cat", sys.argv[2] + "/s"], [], "/").output)
"""


def killed_run_leftovers():
    """A grader killed during a run: the next run of the same uid cannot
    read what that run had been given (setpriv mode, as root)."""
    if os.geteuid() != 0 or sandbox.mode() != "setpriv":
        return []
    work = Path(tempfile.mkdtemp(prefix="redteam-leftover-"))        # 0700
    uid = sandbox.RUN_UIDS[-1]
    scratch = killed_scratch()
    grader = subprocess.Popen([PYTHON, "-c", LEFTOVER, "grader", str(work)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True, env=dict(os.environ, TMPDIR=str(scratch)))
    try:
        for _ in range(600):
            if os.stat(work).st_uid == uid and (work / "s").exists():
                break
            time.sleep(0.1)
        os.killpg(grader.pid, signal.SIGKILL)
        grader.wait()
        left = os.stat(work).st_uid == uid
        after = subprocess.run([PYTHON, "-c", LEFTOVER, "next", str(work)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    finally:
        subprocess.run(["rm", "-rf", str(work), str(scratch)])
    if not left or "redteam-secret" in after.stdout:
        return [f"a grader killed during a run: the next run of its uid read what that run "
                f"was given (or it was not given: {left})"]
    print("ok    a grader killed during a run: the next run of that uid could not read what "
          "the killed run had been given")
    return []


if __name__ == "__main__":
    # tests/labs/redteam.sh: after the suite, when no grader holds the tree.
    found = killed_grader_attack()
    for problem in found:
        print("FAIL:", problem)
    sys.exit(1 if found else 0)
