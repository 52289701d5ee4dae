"""Hidden variants: held by the grader, never seen by the student's build.

A lab's hidden variant checks the same things as its public test with other
values (another page, other bytes, another time limit), so that a solution
written for the public values fails it. Its files are the instructor's:
``lessons/L/tests/NAME_hidden.c`` (the public test's C file, other
``#define``s) and ``NAME_hidden.test`` (what the host expects), and
``tests/labs/hidden/*.c`` for the host tests.

None of them is ever visible where the student's code is compiled or run:

* The student's build (make, in the sandbox) sees :func:`public_tests`, a
  copy of each lesson's tests/ without the hidden files, in place of the
  course's; tests/labs/hidden is masked by an empty directory. A source
  that ``.incbin``s or ``#include``s a hidden file finds nothing.
* The hidden test kernel is put together afterwards (:func:`link_image`):
  the grader compiles the hidden test's C file in a sandbox that holds no
  file of the student's and sees, of the course, only a fresh copy of what
  that compile needs (:func:`compile_inputs`: the hidden C file, its public
  one, the headers), readable by that run's user alone and removed right
  after; the course's tree itself may be closed to the sandbox (its setpriv
  mode, tools/sandbox_setpriv.py). Then the grader links it with the
  objects the student's build left, exactly as make linked the public test
  kernel, and, for a boot through GRUB, wraps it in an ISO (a direct boot
  reads the ELF). No student code is compiled in either step.
* The expectations (the ``.test`` spec) stay on the host: the runner reads
  the guest's serial output, screen and memory and compares them itself.
  Inputs that a test types (lab 7.1's keys) are sent at run time.
* A failed hidden run says which step failed and of what kind, never the
  text or values it expected (:func:`hidden_reason`).
"""

import os
import re
import shlex
import shutil
import tempfile
from pathlib import Path

from runner.serial import SERIAL_LIMIT

SUFFIX = "_hidden"                       # lessons/L/tests/NAME_hidden.{c,test}
HOST_DIR = Path("tests/labs/hidden")     # hidden variants of the host tests


def is_hidden(path):
    """True for a hidden variant's file (by its name)."""
    return Path(path).stem.endswith(SUFFIX)


def public_tests(root, lessons, into):
    """Copy each lesson's tests/ without its hidden files under into/; the
    {relative name: copy} of the directories to bind over the tree's."""
    copies = {}
    for lesson in lessons:
        source = root / "lessons" / lesson / "tests"
        if not source.is_dir():
            continue
        target = into / "lessons" / lesson / "tests"
        target.mkdir(parents=True)
        for item in sorted(source.iterdir()):
            if item.is_file() and not item.is_symlink() and not is_hidden(item):
                # copy2 keeps the time stamp: make then sees the objects
                # a batch built once from them as up to date.
                shutil.copy2(item, target / item.name)
                (target / item.name).chmod(0o644)
        target.chmod(0o755)
        copies[f"lessons/{lesson}/tests"] = target
    empty = into / "empty"
    empty.mkdir()
    empty.chmod(0o755)
    copies[str(HOST_DIR)] = empty
    return copies


# What the compile of a hidden test C file reads besides it: the headers of
# these folders (the -I list make gives every test kernel's compile).
HEADER_DIRS = ("common", "lessons", "tests/runner", "build/font")


def compile_inputs(root, lesson, name, into):
    """Copy into into/ (a new directory, mode 0700) exactly what compiling
    lessons/L/tests/NAME_hidden.c needs, at the same relative paths: the
    hidden C file, the public NAME.c it includes, and the headers of
    HEADER_DIRS. No other hidden file, no C source, no solution."""
    into.mkdir(mode=0o700)
    wanted = [Path("lessons") / lesson / "tests" / f"{name}{suffix}.c"
              for suffix in ("", SUFFIX)]
    for folder in HEADER_DIRS:
        if (root / folder).is_dir():
            wanted += [h.relative_to(root) for h in sorted((root / folder).rglob("*.h"))
                       if h.is_file() and not h.is_symlink() and not is_hidden(h)]
    for name_ in wanted:
        (into / name_).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / name_, into / name_)
    for top, _, files in os.walk(into):
        os.chmod(top, 0o700)
        for file in files:
            os.chmod(os.path.join(top, file), 0o600)


def _segment(make_output, marker):
    """The argv of the command in make -n's output that holds marker (its
    recipe line also holds a mkdir, an echo and the printf of the .json)."""
    for line in make_output.splitlines():
        if marker in line:
            for part in line.replace("&&", ";").split(";"):
                words = shlex.split(part) if marker in part else []
                if words and words[0] not in ("echo", "printf", "[", "mkdir"):
                    while words and words[0] == "ccache":   # the compile runs uncached
                        words = words[1:]
                    return words
    return None


def image_commands(make_output, lesson, name, build, out):
    """From ``make -n -W lessons/L/tests/NAME.c BUILD/L/NAME.elf`` (how make
    compiles the public test and links its kernel): (compile, link) argv of
    the hidden variant: NAME_hidden.c compiled into out/NAME_hidden.o, the
    kernel linked into out/NAME_hidden.elf. None if the output lacks either."""
    source = f"lessons/{lesson}/tests/{name}.c"
    elf = f"{build}/{lesson}/{name}.elf"
    compile_ = _segment(make_output, f"-c {source} ")
    link = _segment(make_output, f"-o {elf} ")
    if not compile_ or not link:
        return None
    obj = out / f"{name}{SUFFIX}.o"
    swap = {source: f"lessons/{lesson}/tests/{name}{SUFFIX}.c"}
    compile_ = [swap.get(w, w) for w in compile_]
    compile_[compile_.index("-o") + 1] = str(obj)
    public_obj = [w for w in link if w.endswith(f"/{source}.o")]
    if len(public_obj) != 1:
        return None
    link = [str(obj) if w == public_obj[0] else w for w in link]
    link[link.index("-o") + 1] = str(out / f"{name}{SUFFIX}.elf")
    return compile_, link


# How the runner's own checks (runner/host_checks.py) begin their reasons:
# these words carry no value, what follows them does.
HOST_CHECKS = ("the host walked the guest's page tables", "the host read the IDT the CPU uses",
               "the host read the TSS the CPU uses", "the host checked the backtrace")


def hidden_reason(label, verdict, reason, steps, stub=None):
    """A failed hidden run's reason: the verdict and the number and kind of
    the step it stopped at, never the text or values the step expected
    (the runner's own reason, which quotes them, stays with the grader)."""
    words = {"hang": "no progress before the time limit", "triple-fault": "triple fault",
             "boot-error": "boot error", "failed": "failed",
             "too-much-output": f"too much output: the kernel wrote more than "
                                f"{SERIAL_LIMIT // 1024} KiB to the serial port"
             }.get(verdict, verdict)
    m = re.search(r"step (\d+)/(\d+)", reason)
    if m and int(m.group(1)) <= len(steps):
        step = steps[int(m.group(1)) - 1]
        words += f" at step {m.group(1)} of {len(steps)} (a {step.kind} step)"
    elif verdict == "failed":
        checked = next((p for p in HOST_CHECKS if reason.startswith(p)), None)
        words += (f": {checked} and found them wrong" if checked else
                  " (a check of the test kernel, or the report it prints)")
    if stub:
        words = f"not implemented ({stub})"
    return f"{label} (hidden variant): {words}"


def link_image(lesson, name, build, cc, root, out, run, iso=True, cache=None):
    """Put the hidden variant of test kernel NAME together in out/, after
    the student's build: out/NAME_hidden.iso (and its .elf); None if it
    worked, else why not.

    build is the build directory relative to the tree (build/gcc). run(argv,
    cwd, student) runs a command in the sandbox: with student true it sees
    the student's tree (read-only) and out/, else only cwd (made the run's
    user's own, and private to it) and out/. The steps: ask make how it
    compiled and linked the public test kernel (``make -n -W``, nothing
    runs); compile the hidden C file in a copy of what it needs from the
    course's tree root (:func:`compile_inputs`); link it with the student's objects as make
    linked the public one; wrap the ELF in an ISO with the GRUB image the
    student's build made (with iso false, for a direct boot, which reads
    the ELF, there is no ISO to make). cache, the batch's grader.cache,
    keeps the hidden object, which holds nothing of the student's.
    """
    asked = run(["make", "-s", "--no-print-directory", "-n", "-W",
                 f"lessons/{lesson}/tests/{name}.c", f"{build}/{lesson}/{name}.elf",
                 f"CC={cc}"], None, True)
    commands = image_commands(asked.output, lesson, name, build, out) \
        if asked.status == 0 else None
    if commands is None:
        return f"cannot tell how make links {name}.elf"
    compile_, link = commands
    obj = f"{name}{SUFFIX}.o"
    key = ("hidden", lesson, *(w.replace(str(out), "OUT") for w in compile_))
    if not (cache and cache.fetch(key, [obj], out)):
        private = Path(tempfile.mkdtemp(prefix="grade-hidden-src-"))
        os.chmod(private, 0o711)        # passable, not listable: the copy is the run's alone
        try:
            compile_inputs(root, lesson, name, private / "course")
            done = run(compile_, private / "course", False)
        finally:
            shutil.rmtree(private, ignore_errors=True)
        if done.status != 0 or done.limit:
            return "the hidden test does not compile in the course's tree (tell the instructor)"
        if cache:
            cache.keep(key, [obj], out)
    done = run(link, None, True)
    if done.status != 0 or done.limit:
        # ld's words would name the hidden test's symbols: not shown.
        return "does not link with the hidden test" + (f" ({done.limit})" if done.limit else "")
    elf = out / f"{name}{SUFFIX}.elf"
    if not iso:
        return None
    done = run(["sh", "tools/make_iso.sh", str(elf),
                str(elf.with_suffix(".iso")), f"{build}/grub/grub.iso"], None, True)
    if done.status != 0 or done.limit:
        # Its output names the hidden kernel's files: not shown.
        return "cannot make the hidden test's ISO" + (f" ({done.limit})" if done.limit else "")
    return None
