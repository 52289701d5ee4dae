"""Sample outputs of commands, produced by running them.

A block tagged ``<!-- output[OPTIONS]: COMMAND -->`` shows ``$ COMMAND`` and
what it printed, run with sh at the root (book/instructor.md, "Writing the
book"). make snippets rewrites such blocks; the check runs the commands
again and compares after normalising both sides (TIMES, VERSIONS, ADDRESSES,
GDB_MOVES), so a different timing rewrites nothing. A test summary (``make
lesson N test``) is run by make snippets only; stale.py checks it instead.
"""

import difflib
import shlex
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .pages import FENCE, ROOT, lesson_of
from .snippets import fence_for

OUTPUT_TAG = re.compile(r"^<!--\s*output(?:\[([a-z, ]*)\])?:\s*(.+?)\s*-->$")
OPTIONS = {"addresses", "indices", "gdb"}
INDICES = re.compile(r"\[[0-9]+-[0-9]+\]")
TEST_SUMMARY = re.compile(r"^make lesson ([0-9]+) test$")
COMMAND_TIMEOUT = 600   # seconds for one command under make snippets
CHECK_TIMEOUT = 60      # seconds for one command under the check
TIMES = re.compile(r"\b[0-9]+(\.[0-9]+)? ?(s|ms|min)\b")
VERSIONS = [
    (re.compile(r"\b(GRUB|QEMU|SeaBIOS|gcc|clang|NASM)( version)? \(?[0-9][0-9.~+a-z-]*\)?", re.I),
     r"\1 VERSION"),
    (re.compile(r"/(gcc|gcc-cross)/x86_64-linux-gnu/[0-9]+/"), r"/\1/x86_64-linux-gnu/N/"),
    # cmocka 1.1.7 (Debian 13) names the group in its banner lines, 1.1.5 does not.
    (re.compile(r"^\[==========\] [A-Za-z0-9_]+: "), "[==========] "),
]
ADDRESSES = re.compile(r"\b(0x)?[0-9a-f]{4,16}\b")
GDB_MOVES = [
    # Offsets into symbols, and the values of a frame's arguments (how deep a
    # recursion got depends on the frame size; the compiler may not keep one).
    (re.compile(r"<([\w.]+)\+[0-9]+>"), r"<\1+N>"),
    (re.compile(r"\b(\w+)=\1@entry="), r"\1="),
    (re.compile(r"([(,] ?\w+)=(0x[0-9a-f]+|[0-9]+\b|<optimized out>)"), r"\1=N"),
    # The status flags the compiler's last arithmetic left in a saved RFLAGS.
    (re.compile(r"^(RFLAGS +)0x[0-9a-f]+ (.*)$"), r"\1 \2"),
    (re.compile(r"(?<=[\[ ])(CF|PF|AF|ZF|SF|OF) "), ""),
    (re.compile(r"\bPDBR=[0-9]+"), "PDBR=N"),
    # Frame numbers of a backtrace (bt -3 of a recursion), ptdump's range sizes.
    (re.compile(r"^#[0-9]+(?= )"), "#N"),
    (re.compile(r"(?<= )[0-9]+[KMG](?= -> )"), "N"),
    # QEMU 10 sets the resume flag in the RFLAGS a fault pushes, QEMU 7.2 not.
    (re.compile(r"(?<=[\[ ])RF "), ""),
    # GRUB's name is its version: its tag is as long as the version string.
    (re.compile(r"\bboot loader name +[0-9]+ +bytes"), "boot loader name N bytes"),
    # The IRQs raised and not yet taken at the instant GDB asked.
    (re.compile(r"\bIRR [-0-9, ]+?(?= +ISR\b)"), "IRR ?"),
    (re.compile(r" {2,}"), " "),        # the spaces that pad columns
]
# Under "addresses", short hexadecimal numbers too: a segment's alignment
# (gcc 14 aligns code to 64 bytes, gcc 12 to 16) and the error code QEMU 7.2
# and 10 compute for the same fault differ.
SHORT_HEX = re.compile(r"\b0x[0-9a-f]{1,3}\b")


def normalise(lines, options):
    """LINES with what may differ between runs replaced (see above)."""
    out = []
    for line in lines:
        line = TIMES.sub("T s", line.replace(str(ROOT) + "/", ""))
        for pattern, replacement in VERSIONS:
            line = pattern.sub(replacement, line)
        if "gdb" in options:
            for pattern, replacement in GDB_MOVES:
                line = pattern.sub(replacement, line)
        if "indices" in options:
            line = INDICES.sub("[N-N]", line)
        if options & OPTIONS:
            line = ADDRESSES.sub(lambda m: (m.group(1) or "") + "ADDR", line)
        if "addresses" in options:
            line = SHORT_HEX.sub("0xN", line)
        out.append(line.rstrip())
    return out


def list_command(lesson_dir):
    """The command that lists a lesson's boot tests."""
    return (f"{shlex.quote(sys.executable)} -B tools/run_tests.py --build build/gcc "
            f"--lesson {lesson_dir} --firmware bios --list")


def missing_build(command):
    """A build/... file the command reads that is not built, or None."""
    for word in re.findall(r"build/[\w./-]+", command):
        if "/" in word[6:] and not (ROOT / word).exists() and not word.startswith("build/docs"):
            return word
    return None


class Outputs:
    """The output blocks of one run: mode "write" (make snippets) or "check";
    kind None, "gdb" or "no-gdb" (which blocks the check covers: make test
    runs the GDB sessions and the rest as two tests). Holds what the
    commands printed."""

    def __init__(self, mode, kind=None):
        self.mode, self.kind = mode, kind
        self.results = {}       # command: (lines, problem, exit status)

    def wanted(self, tag):
        """Whether this run covers output TAG."""
        gdb = "gdb" in (tag.group(1) or "")
        return self.mode == "write" or self.kind is None or (self.kind == "gdb") == gdb

    def run(self, command, timeout):
        """(printed lines, problem or None, status) of one shell command."""
        if command in self.results:
            return self.results[command]
        # python3 in a command is Debian's, as everywhere in the tools.
        env = dict(os.environ, LC_ALL="C.UTF-8", TERM="dumb", PYTHON=sys.executable,
                   PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
        env.pop("MAKEFLAGS", None)
        env.pop("MAKELEVEL", None)
        env.pop("BOOT", None)   # make's BOOT=direct must not boot a GDB session (gdb_session.py)
        try:
            result = subprocess.run(["sh", "-c", command], cwd=ROOT, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            return None, f"`{command}` ran longer than {timeout} s (the time limit); stopped", 0
        text = result.stdout.decode(errors="replace").replace(str(ROOT) + "/", "")
        return [line.rstrip() for line in text.splitlines()], None, result.returncode

    def run_ahead(self, pages, workers=3):
        """Run the checked commands of PAGES a few at a time before the check
        reads their results: most boot QEMU, one by one too slow for the time
        limit make test gives the book's checks on a loaded machine."""
        commands = set()
        for page in pages:
            for line in page.read_text(errors="replace").splitlines():
                tag = OUTPUT_TAG.match(line.strip())
                if not tag or not self.wanted(tag):
                    continue
                summary = TEST_SUMMARY.match(tag.group(2))
                if summary and lesson_of(summary.group(1)):
                    commands.add(list_command(lesson_of(summary.group(1))))
                elif not summary and not missing_build(tag.group(2)):
                    commands.add(tag.group(2))
        commands = sorted(commands)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for command, result in zip(commands, pool.map(
                    lambda c: self.run(c, CHECK_TIMEOUT), commands)):
                self.results[command] = result

    def block(self, where, tag, old, indent):
        """(the lines of one output tag and its block, [problems])."""
        from .stale import test_summary_problems
        check = self.mode == "check"
        keep = old if old is not None else [f"{indent}{tag.group(0)}"]
        options = {o.strip() for o in (tag.group(1) or "").split(",") if o.strip()}
        command = tag.group(2)
        if not self.wanted(tag):
            return keep, []
        if options - OPTIONS:
            return keep, [f"{where}: unknown option {', '.join(sorted(options - OPTIONS))} "
                          f"(known: {', '.join(sorted(OPTIONS))})"]
        body = [line[len(indent):] if line.startswith(indent) else line
                for line in (old[2:-1] if old else [])]
        if check and old is not None and (not body or body[0] != f"$ {command}"):
            return keep, [f"{where}: the block must start with the line `$ {command}`"]
        summary = TEST_SUMMARY.match(command)
        if check and summary:
            return keep, test_summary_problems(where, summary.group(1), body, self)
        if check and missing_build(command):
            print(f"note: {where}: not checked: {missing_build(command)} is not built "
                  f"(make all builds it)")
            return keep, []
        printed, problem, status = self.run(command, CHECK_TIMEOUT if check else COMMAND_TIMEOUT)
        if problem:
            return keep, [f"{where}: {problem}"]
        new_body = [f"$ {command}"] + printed
        if summary and any(line.startswith("FAIL") for line in printed):
            return keep, [f"{where}: `{command}` had a failure, so the block is left as it was "
                          f"(a timing test may fail on a loaded machine: run make snippets "
                          f"again)\n" + "\n".join("    " + line for line in printed
                                                  if line.startswith("FAIL"))]
        before, now = normalise(body, options), normalise(new_body, options)
        if before == now or (summary and sorted(before) == sorted(now)):  # any order
            return keep, []
        if check:
            diff = list(difflib.unified_diff(before, now, "book", "now", lineterm="", n=1))[2:16]
            why = (f" (it exited with status {status}: if it boots QEMU, a loaded machine may "
                   f"have made it hit the runner's time limit; try again)") if status else ""
            return keep, [f"{where}: `{command}` prints something else now{why}; run make "
                          f"snippets\n" + "\n".join("    " + d for d in diff)]
        fence = fence_for(new_body)
        info = FENCE.match(old[1]).group(3).strip() if old else ""     # ```text stays
        return ([f"{indent}{tag.group(0)}", f"{indent}{fence}{info}"]
                + [f"{indent}{line}" if line else "" for line in new_body]
                + [f"{indent}{fence}"]), []
