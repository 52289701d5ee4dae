"""Boot labs: a lab's boot test run through the runner (tools/runner/), as
``make test`` runs it, and why it did not pass in words a student can act
on. A hidden variant boots in place of the public test (grader.hidden puts
its kernel together); its reason names the step, never the values.
"""

import difflib
import os
import re
import shutil
import tempfile
from pathlib import Path

import runner  # noqa: E402  (tools/ is on the path: grader.runs puts it there)
from runner.printable import capped, printable  # noqa: E402
from runner.qemu import boot_file  # noqa: E402
from runner.screen import screen_text  # noqa: E402

from . import hidden
from .runs import (HOST_TIMEOUT, ROOT, grading_binds, relative, sandbox, sandboxed)


SERIAL_TAIL = 40    # serial lines kept for the feedback (grade.py --json)
CLOSEST_LINES = 400 # the last lines searched for the one closest to a step that was not met


def boot_spec(lab, name):
    """(spec path, hidden?) of a boot test: the course's hidden variant
    (lessons/LESSON/tests/NAME_hidden.test, instructor-only) when there is
    one, else the public NAME.test. The hidden variant runs in place of the
    public test: it checks the same things with other values (another
    address, other bytes, other text), so a solution that works only for
    the public values fails it, and grading costs no extra boot."""
    tests = ROOT / "lessons" / lab.lesson / "tests"
    hidden_spec = tests / f"{name}{hidden.SUFFIX}.test"
    if hidden_spec.is_file():
        return hidden_spec, True
    return tests / f"{name}.test", False

def test_target(lab, name, build):
    """(kind, path) of what one test needs: ("host", program) or ("boot",
    image). A hidden variant's own kernel is never built by make (hidden.py
    puts it together afterwards): make builds the public test's, whose
    objects it links. The image is what the boot reads (boot_file): the
    ELF for a direct boot, whose ISO nothing would read, else the ISO."""
    if name.startswith("host/"):
        return "host", build / "host" / name[len("host/"):]
    spec = runner.load_spec(boot_spec(lab, name)[0])
    image = spec.image_name()
    if hidden.is_hidden(image):
        image = runner.load_spec(ROOT / "lessons" / lab.lesson / "tests" / f"{name}.test"
                                 ).image_name()
    return "boot", boot_file(build / lab.lesson / f"{image}.iso", spec.boot_path())

def built_image(iso, spec):
    """The image a boot of spec reads (iso, or the ELF beside it) as a real
    path, or None if it was not built or is a link (the student's build
    wrote that folder)."""
    image = boot_file(iso, spec.boot_path())
    if image.is_symlink() or not image.resolve().is_file():
        return None
    return image.resolve()

def not_implemented(lab, text):
    """The line in which a stub says this lab is not done, or None."""
    needle = f"lab {lab.id} not implemented"
    for line in text.splitlines():
        if needle in line:
            return line.strip()
    return None

def failure_message(lab, context):
    """The line that explains a failed in-kernel test: its panic, else the
    first check that failed (FILE:LINE: ... or "lab ID: ..."), else the last
    line before its result."""
    lines = [line.strip() for line in context if line.strip()]
    for line in lines:
        if line.startswith("panic: "):
            return line
    for line in lines:
        if re.match(r"^\S+\.c:\d+: ", line) or line.startswith(f"lab {lab.id}"):
            return line
    return lines[-1] if lines else "failed"

def boot_reason(lab, label, spec, result):
    """Why a boot test did not pass, in words a student can act on."""
    failed = [(name, context) for name, ok, context in result.ktests if not ok]
    # Each failed in-kernel test on a line of its own: one must not hide the
    # others, nor the hang or fault that may follow it.
    each = "".join(f"\n  {name}: {failure_message(lab, context)}" for name, context in failed)
    if result.verdict == "hang":
        clock = " of guest time" if spec.clock == "guest" else ""
        why = f"hang after {spec.timeout:g} s{clock}: {result.reason}"
    elif result.verdict == "triple-fault":
        why = f"triple fault: {result.reason}"
    elif result.verdict == "boot-error":
        why, each = f"boot error: {result.reason}", ""
    elif result.verdict == "too-much-output":   # its [failed] lines may be a loop's
        why, each = f"too much output: {result.reason}", ""
    elif len(failed) == 1:
        name, context = failed[0]
        why, each = f"failed: {name}: {failure_message(lab, context)}", ""
    elif failed:
        why = f"failed: {len(failed)} of {len(result.ktests)} in-kernel tests"
    else:
        why = f"{result.verdict.replace('-', ' ')}: {result.reason}"
    stub = not_implemented(lab, result.serial)
    if stub:
        why, each = f"not implemented ({stub})", ""
    return f"{label}: {why}{each}"


def closest_line(lab, spec, result):
    """For a serial or screen step that was not met, the kernel's serial
    line or screen row that comes closest to what it expected (a public
    test's only: a hidden run prints its hidden values), so that the student
    sees their own text beside the test's; else ""."""
    if not_implemented(lab, result.serial):     # the stub's line says it all
        return ""
    m = re.search(r"step (\d+)/(\d+)", result.reason)
    if not m or not 0 < int(m.group(1)) <= len(spec.steps):
        return ""
    step = spec.steps[int(m.group(1)) - 1]
    if step.kind == "serial":
        where, text = "serial line", result.serial
    elif step.kind == "screen" and result.screen:
        where, text = "screen row", screen_text(result.screen)
    else:
        return ""
    best, near = 0.6, None     # how much of the expected text a line holds, in order
    for line in (line.strip() for line in text.splitlines()[-CLOSEST_LINES:]):
        if line and step.text:
            held = sum(b.size for b in difflib.SequenceMatcher(
                None, step.text, line, autojunk=False).get_matching_blocks())
            if held / len(step.text) > best:
                best, near = held / len(step.text), line
    # The student's own line, up to the runner's 4096 characters: a few
    # hundred say what differs.
    return f"\n  the closest {where}: {capped(near, 200)}" if near else ""

def run_boot(lab, name, label, setup, evidence=None):
    """Boot one of the lab's tests; None if it passed, else the reason.
    evidence, a dict, receives what the boot left to show (see keep_evidence)."""
    path, is_hidden = boot_spec(lab, name)
    spec = runner.load_spec(path)
    iso = setup.build / lab.lesson / f"{spec.image_name()}.iso"
    if hidden.is_hidden(spec.image_name()):
        out = Path(tempfile.mkdtemp(prefix="grade-hidden-"))
        try:
            os.chmod(out, 0o700)     # the hidden test kernel: only the sandbox's user's
            if setup.isolate:
                sandbox.give(out, setup.uid)
            why = hidden.link_image(lab.lesson, name, relative(setup.build, setup.tree),
                                    setup.cc, ROOT, out, hidden_runner(setup, out),
                                    iso=spec.boot_path() != "direct", cache=setup.cache)
            if why:
                return f"{label} (hidden variant): {why}"
            why = boot_image(lab, label, spec, out / f"{spec.image_name()}.iso", setup, True,
                             evidence)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    else:
        why = boot_image(lab, label, spec, iso, setup, is_hidden, evidence)
    if evidence is not None:
        slow = evidence.pop("slow", False)
        if why and is_hidden and not slow:
            public_evidence(lab, name, setup, evidence)
    return why


def public_evidence(lab, name, setup, evidence):
    """After a hidden variant failed (unless it cost its time limit in host
    seconds, see boot_image): boot the public test too, once, for evidence
    the student may see (its serial tail, screen and reason, which quote
    only public values). It never changes the score."""
    path = ROOT / "lessons" / lab.lesson / "tests" / f"{name}.test"
    try:
        spec = runner.load_spec(path)
        image = built_image(setup.build / lab.lesson / f"{spec.image_name()}.iso", spec)
        if image is None:
            return
        result = runner.run(image.with_suffix(".iso"), spec, confine=setup.confine)
    except (OSError, runner.SpecError):
        return
    keep_evidence(evidence, result, False)
    evidence["from"] = f"the public test {lab.lesson}/{name} (make lesson " \
                       f"{lab.lesson.split('-')[0]} test)"
    evidence["public"] = printable(
        "passed" if result.verdict == (spec.verdict or "passed")
        else boot_reason(lab, name, spec, result) + closest_line(lab, spec, result), keep="\n")

def hidden_runner(setup, out):
    """hidden.link_image()'s way to run a command: in the sandbox, seeing
    out/ and either the student's tree (student=True) or only cwd, the
    private copy of the course's files that compiling a hidden test needs
    (given to the sandbox's user, 0700: no other run can read it)."""
    def run(argv, cwd, student):
        if student:
            binds = [sandbox.ro(setup.tree.resolve())] + grading_binds(setup)
            cwd = setup.tree.resolve()
        else:
            if setup.isolate:
                sandbox.give(cwd, setup.uid)
            binds = [sandbox.rw(cwd)]
        return sandboxed(setup, argv, binds + [sandbox.rw(out)], cwd, HOST_TIMEOUT)
    return run

def timed_out(result):
    """True if the boot ended at its time limit: a hang, or a boot that had
    not finished (GRUB still loading its modules is not a boot error)."""
    return result.verdict == "hang" or (result.verdict == "boot-error"
                                        and result.exit_status is None)


def keep_evidence(evidence, result, is_hidden, slow=False):
    """Put a boot's serial tail and final screen, as escaped text, into
    evidence (the feedback's, through grade.py --json). A hidden variant's
    are not kept: its kernel prints and draws the values it was given.
    ``slow``: the boot cost its time limit in host seconds, which a public
    boot for evidence would cost again (run_boot then boots none)."""
    if evidence is None:
        return
    if is_hidden:
        evidence.update(serial="", screen="", slow=slow)
        return
    evidence["serial"] = printable("\n".join(result.serial_tail(SERIAL_TAIL)))
    evidence["screen"] = printable(screen_text(result.screen)) if result.screen else ""


def boot_image(lab, label, spec, iso, setup, is_hidden, evidence=None):
    """Boot iso with spec; None if it passed, else the reason (a hidden
    variant's names only the step, never what the step expected).

    Time must not decide a verdict, so one boot decides: every lab's boot
    spec says ``clock guest`` (tests/runner/check_guest_clock.py checks
    it), and its time limit counts the guest's own seconds
    (tools/runner/guest_clock.py), which the machine's load does not
    change. A kernel that hangs in ``hlt`` reaches it at once, unless the
    spec types keys or sends NMIs: then it costs its limit in host time."""
    image = built_image(iso, spec)
    if image is None:
        shown = boot_file(iso, spec.boot_path())
        return f"{label}: the image {relative(shown, setup.tree)} was not built"
    # The runner takes the ISO's name and boots the ELF beside it directly.
    result = runner.run(image.with_suffix(".iso"), spec, confine=setup.confine)
    keep_evidence(evidence, result, is_hidden,
                  timed_out(result) and (spec.clock == "host" or spec.host_input()))
    if result.verdict == (spec.verdict or "passed"):
        return None
    if is_hidden:
        # The stub's line is the student's code's output in a run that was
        # given hidden values: only the fact that it is a stub is shown.
        stub = not_implemented(lab, result.serial) and f"lab {lab.id} not implemented"
        return hidden.hidden_reason(label, result.verdict, result.reason, spec.steps, stub)
    if timed_out(result) and result.verdict == "boot-error":
        return (f"{label}: no progress before the time limit: the boot had not finished "
                f"({result.reason})")
    return boot_reason(lab, label, spec, result) + closest_line(lab, spec, result)
