"""Host labs (2.1, 2.2, 3.1, the host halves of 2.1 and 7.1): the student's
code run on Linux, judged by the grader's checker, never by the test.

A contest judge's layout. The student's source is compiled freestanding
(no C library) in a sandbox that holds only it and the course's headers.
The course's test program is compiled in another, which holds no file of
the student's, with tests/labs/observe.h, so that it prints what the
student's code produced and holds no answer. The grader checks the
student's object itself (grader.objects), links that same object with the
test program, runs it in a sandbox of its own (memory, process and time
limits, the system-call filter), and hands its observations to
grader.checker. ``grade.py --record-expected`` writes the expected ones
from the course's own solutions.
"""

import os
import shlex
import shutil
import stat
import tempfile
from pathlib import Path

from . import hidden, objects
from .checker import compare, expected_text, observations
from .runs import (HOST_TIMEOUT, ROOT, Refused, first_error, read_source, sandbox, sandboxed)

OBSERVE = Path("tests/labs/observe.h")
EXPECTED = Path("tests/labs/expected")
# Frame pointers in both: a panic's observation follows them to the student's line (observe.h).
STUDENT_CFLAGS = ["-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-ffreestanding", "-nostdinc",
                  "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-fno-exceptions",
                  "-fno-omit-frame-pointer"]
TEST_CFLAGS = ["-std=gnu11", "-O1", "-g", "-fno-omit-frame-pointer"]
MEMORY = 256 << 20     # bytes of address space for a test program (it needs a few MB)
PROCESSES = 16         # it needs one
PRIVATE = ("student", "course", "student.out", "course.out", "link.out")


def host_sources(name):
    """The kernel sources a host test links with (NAME_SOURCES in tests/host/NAME.mk)."""
    text = (ROOT / "tests" / "host" / f"{name}.mk").read_text(encoding="utf-8")
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip().rstrip(":+") == f"{name}_SOURCES":
            return value.split()
    raise OSError(f"tests/host/{name}.mk names no {name}_SOURCES")


def variants(name, label):
    """(label, test file, expected file, hidden?) of the public test and its
    hidden variant, if the course has one."""
    found = [(label, ROOT / "tests" / "host" / f"{name}.c",
              ROOT / EXPECTED / f"{name}.expected", False)]
    secret = ROOT / hidden.HOST_DIR / f"{name}.c"
    if secret.is_file():
        found.append((f"{label} (hidden variant)", secret, secret.with_suffix(".expected"), True))
    return found


def _stage(setup, sources, tests, work):
    """Lay out the three sandboxes' inputs under work/: inc/ (the course's
    headers), student/ (only the student's sources), course/ (the test
    programs at their paths, observe.h and the course's own versions of the
    sources)."""
    dirs = {"common/include"} | {str(Path(src).parent) for src in sources}
    for folder in sorted(dirs):
        (work / "inc" / folder).mkdir(parents=True, exist_ok=True)
        for header in sorted((ROOT / folder).glob("*.h")):
            shutil.copyfile(header, work / "inc" / folder / header.name)
    for k, src in enumerate(sources):
        (work / "student").mkdir(exist_ok=True)
        (work / "student" / f"s{k}.c").write_bytes(read_source(setup.tree, src))
        (work / "course").mkdir(exist_ok=True)
        shutil.copyfile(ROOT / src, work / "course" / f"r{k}.c")
    for _, test_file, _, _ in tests:     # at their places: a hidden variant includes the public
        copy = work / "course" / test_file.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(test_file, copy)
    shutil.copyfile(ROOT / OBSERVE, work / "course" / "observe.h")
    for name in ("student.out", "course.out", "link.out"):
        (work / name).mkdir()
    for top, _, files in os.walk(work):
        os.chmod(top, 0o755)
        for name in files:
            os.chmod(os.path.join(top, name), 0o644)
    # Only inc/ (the course's public headers) is open to others. The rest
    # is the sandbox user's alone, 0700, and each run binds what it needs
    # writable, which in the setpriv mode gives it to that run's own uid: no
    # other run -- another submission's, or this one's test program -- can
    # read it, even without a mount namespace.
    os.chmod(work, 0o711)       # passable, not listable
    for name in PRIVATE:
        os.chmod(work / name, 0o700)
        if setup.isolate:
            sandbox.give(work / name, setup.uid)
    return ["-I" + str(work / "inc" / folder) for folder in sorted(dirs)]


def _compile(setup, work, includes, jobs, inputs, out):
    """Run the compile jobs [(source, object, flags)] in one sandbox that
    sees only inc/, inputs/ and out/ (inputs/ bound writable only so that it
    is this run's own in the setpriv mode: see _stage); None or the first error."""
    q = shlex.quote
    lines = ["set -e", f"inc=$({q(setup.cc)} -print-file-name=include)"]
    for source, obj, flags in jobs:
        lines.append(f'{q(setup.cc)} {" ".join(map(q, flags))} -isystem "$inc" '
                     f'{" ".join(map(q, includes))} -c {q(str(source))} -o {q(str(obj))}')
    done = sandboxed(setup, ["sh", "-c", "\n".join(lines)],
                     [sandbox.ro(work / "inc"), sandbox.rw(inputs), sandbox.rw(out)],
                     out, HOST_TIMEOUT)
    if done.limit:
        return done.limit
    return None if done.status == 0 else first_error(done.output)


def _read_object(path):
    """The bytes of an object the sandbox wrote: a regular file, capped."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > objects.OBJECT_LIMIT:
            raise OSError("not a regular file of a reasonable size")
        return f.read(objects.OBJECT_LIMIT)


def _course_objects(setup, work, includes, name, sources, tests):
    """Compile the course's own sources and test programs into course.out/
    (r0.o, ..., t0.o, ...), or copy them from the batch's cache
    (grader.cache: they hold nothing of the student's); None or the first error."""
    course, out = work / "course", work / "course.out"
    objs = [f"r{k}.o" for k in range(len(sources))] + [f"t{i}.o" for i in range(len(tests))]
    key = ("host", name, setup.cc, *sources, *(str(t[1].relative_to(ROOT)) for t in tests))
    if setup.cache and setup.cache.fetch(key, objs, out):
        return None
    why = _compile(setup, work, includes, [
        (course / f"r{k}.c", out / f"r{k}.o", STUDENT_CFLAGS) for k in range(len(sources))] + [
        (course / test[1].relative_to(ROOT), out / f"t{i}.o",
         TEST_CFLAGS + ["-include", str(course / "observe.h")])
        for i, test in enumerate(tests)], course, out)
    if not why and setup.cache:
        setup.cache.keep(key, objs, out)
    return why


def run_host(lab, name, label, setup, record=False):
    """Grade one of the lab's host tests and its hidden variant; None if
    every case of both gave the expected observations, else the reason.
    With record, write the expected files from this run instead (the
    course's own tree only)."""
    name = name[len("host/"):]
    sources, tests = host_sources(name), variants(name, label)
    work = Path(tempfile.mkdtemp(prefix="grade-host-"))
    try:
        includes = _stage(setup, sources, tests, work)
        student, course = work / "student", work / "course"
        why = _compile(setup, work, includes, [
            (student / f"s{k}.c", work / "student.out" / f"s{k}.o", STUDENT_CFLAGS)
            for k in range(len(sources))], student, work / "student.out")
        if why:
            for k, src in enumerate(sources):
                why = why.replace(str(student / f"s{k}.c"), src)
            return f"does not build: {why}"
        why = _course_objects(setup, work, includes, name, sources, tests)
        if why:
            return f"{label}: the course's test does not build (tell the instructor): {why}"
        may_define, may_use = set(), set(objects.COMPILER_HELPERS)
        for k in range(len(sources)):
            defined, used = objects.globals_of(objects.Object(
                (work / "course.out" / f"r{k}.o").read_bytes()))
            may_define |= defined
            may_use |= used
        for i in range(len(tests)):
            may_use |= objects.globals_of(objects.Object(
                (work / "course.out" / f"t{i}.o").read_bytes()))[0]
        may_use -= {"main"}
        for k, src in enumerate(sources):
            try:
                data = _read_object(work / "student.out" / f"s{k}.o")
            except OSError as e:
                return f"does not build: {src}: {e}"
            why = objects.check(src, data, may_define, may_use)
            if why:
                return why
        for i, test in enumerate(tests):
            why = _run_variant(lab, setup, work, i, test, len(sources), record)
            if why:
                for k, src in enumerate(sources):
                    why = why.replace(f"SOURCE{k}", src)
                return why
        return None
    except Refused as e:
        return str(e)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_variant(lab, setup, work, i, test, count, record):
    """Link test program i with the student's objects (the ones checked),
    run it alone, compare (or record) its observations; None if they match."""
    label, test_file, expected_file, is_hidden = test
    out = work / "link.out"
    done = sandboxed(setup, [setup.cc, "-o", str(out / f"t{i}"), str(work / "course.out" / f"t{i}.o"),
                             *[str(work / "student.out" / f"s{k}.o") for k in range(count)],
                             "-lcmocka"],
                     [sandbox.rw(work / "student.out"), sandbox.rw(work / "course.out"),
                      sandbox.rw(out)], out, HOST_TIMEOUT)      # rw: see _stage
    if done.status != 0 or done.limit:
        # ld's words would name a hidden test's symbols: only the public test's are shown.
        shown = "" if is_hidden else f": {first_error(done.output)}"
        return f"{label}: does not link{shown}"
    run = work / f"run{i}"
    run.mkdir()
    shutil.copyfile(out / f"t{i}", run / "test")
    os.chmod(run, 0o700)        # the test program holds the test: see _stage
    os.chmod(run / "test", 0o755)
    if setup.isolate:
        sandbox.give(run, setup.uid)
    done = sandboxed(setup, ["./test"], [sandbox.rw(run)], run, HOST_TIMEOUT,
                     env={"CMOCKA_MESSAGE_OUTPUT": "stdout"}, memory=MEMORY,
                     processes=PROCESSES)
    output = _place_panics(setup, work, run, done.output, count)
    if record:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(expected_text(output))
        return None
    how = done.limit or (f"killed by signal {-done.status}" if done.status < 0
                         else f"exit status {done.status}")
    try:
        wanted = observations(expected_file.read_text(encoding="utf-8"))
    except OSError:
        return f"{label}: the course has no expected observations (tell the instructor)"
    return compare(label, test_file, observations(output), wanted, is_hidden, how)


def _place_panics(setup, work, run, output, count):
    """output with each panic's observation told where the student's code
    called panic() and from where: observe.h prints "@panic OFFSET ..."
    (from main(): the caller of panic(), then the calls up the stack), which
    addr2line, in the sandbox, turns into functions and lines; the chain is
    kept while it stays in the student's source."""
    chains = [[o for o in line.split()[1:] if o.lstrip("-").isdigit()]
              for line in output.splitlines() if line.startswith("@panic ")][:8]
    offsets = sorted({o for chain in chains for o in chain})
    if not offsets:
        return output
    script = ("m=$(nm ./test | awk '$3 == \"main\" { print $1; exit }') || exit 1\n"
              f"for off in {' '.join(offsets)}; do "
              "addr2line -f -e ./test $(printf '0x%x' $((0x$m + off - 1))); done\n")
    done = sandboxed(setup, ["sh", "-c", script], [sandbox.rw(run)], run, HOST_TIMEOUT)
    places = done.output.splitlines() if done.status == 0 else []
    if len(places) != 2 * len(offsets):
        return output
    named = {}
    for k, offset in enumerate(offsets):
        function, place = places[2 * k], places[2 * k + 1]
        for s in range(count):
            place = place.replace(str(work / "student" / f"s{s}.c"), f"SOURCE{s}")
        named[offset] = (place.split(" (discriminator")[0], function)
    lines, last = [], None
    for line in output.splitlines():
        chain = [o for o in line.split()[1:] if o in named] if line.startswith("@panic ") else []
        if chain and last is not None:
            where = [f"{named[chain[0]][0]} ({named[chain[0]][1]})"]
            for offset in chain[1:]:
                place, function = named[offset]
                if not place.startswith("SOURCE"):
                    break       # the test's own code: the student's part ends here
                where.append(f"{place} ({function})")
            lines[last] += f" (called at {', from '.join(where)})"
            continue
        if line.startswith("@obs ") and "\tpanic\t" in line:
            last = len(lines)
        lines.append(line)
    return "\n".join(lines) + "\n"
