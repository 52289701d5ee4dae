#!/usr/bin/env python3
"""Grade the labs: build what their tests need, run the tests, print the points.

``make grade`` and ``make lesson N grade`` call it::

    python3 tools/grade.py --build build/gcc --cc cc
    python3 tools/grade.py --build build/gcc --cc cc --lesson 03-vga-text
    python3 tools/grade.py --build build/gcc --cc cc --lab 3.1 --lab 4.2
    python3 tools/grade.py --build build/gcc --cc cc --csv marks.csv --student alice

How a lab is graded
-------------------
tests/labs/labs.txt (read through tools/labs.py) names each lab's tests. A
lab scores all its points when every one of its tests passes, and 0
otherwise, with the reason: the first test that did not pass and what it
showed. Its later tests are then not run.

* Building: for each lesson, ``make`` builds the images and host test
  programs its labs' tests need. If that fails, every lab of the lesson
  scores 0 with "does not build" and the compiler's first error; the other
  lessons are still graded.
* Boot tests run through the runner (tools/runner/), exactly as ``make test`` runs
  them: a kernel that hangs scores 0 with "hang after N s", one that resets
  the CPU "triple fault", one that panics or fails an in-kernel test
  "failed" with the message. A stub that says "lab 3.1 not implemented"
  makes the reason start with "not implemented".
* Host tests: the student's sources are compiled freestanding in the
  sandbox and inspected (see grade_host_test()), linked with the course's
  test program and with its hidden variant, and each program runs in a
  sandbox of its own; a failed case gives its message.

Labs run in parallel (``--jobs``), each on its own kernel, so one lab that
hangs or faults costs only its own points. The exit status is 0 with full
marks, 1 otherwise, 2 for a bad request (an unknown lab, say).
"""

import argparse
import csv
import os
import re
import shlex
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import labs as lab_registry  # noqa: E402  (found through the line above)
import runner  # noqa: E402  (the package tools/runner)
import run_tests  # noqa: E402
import sandbox  # noqa: E402
from grader import hidden  # noqa: E402
from grader.jobs import usable_cpus  # noqa: E402

ROOT = lab_registry.ROOT  # the course's tree: the grading files always come from here
BUILD_TIMEOUT = 900     # seconds for building one lesson's lab targets
HOST_TIMEOUT = 60       # seconds for compiling, or running, one host test
REASON_WIDTH = 200      # a reason is one line, cut to this many characters
# Symbols a freestanding object may use without defining them: the compiler
# emits calls to these for struct copies and initialisations (the kernel
# defines them in common/).
COMPILER_HELPERS = {"memcpy", "memset", "memmove", "memcmp"}
# Sections whose code runs before or after main(): a student's object must
# not have them, or it could print a verdict before any test runs.
FORBIDDEN_SECTIONS = (".init_array", ".fini_array", ".preinit_array", ".ctors", ".dtors",
                      ".init", ".fini")
# Instructions that call the operating system directly.
SYSTEM_CALLS = re.compile(r"^\s*[0-9a-f]+:\s+(syscall|sysenter|int\s+\$0x80)\b", re.MULTILINE)


@dataclass
class Setup:
    """Where and how one grading run works."""
    tree: Path                # the submission's tree (its sources)
    build: Path               # where its build goes (inside tree)
    cc: str
    jobs: int
    isolate: bool = True      # run its code in the sandbox
    uid: int = sandbox.SANDBOX_UID
    refused_lists: dict = field(default_factory=dict)   # lesson -> why its build.mk is refused
    ccache: Path = None       # a compiler cache the sandbox may read, never write
    public: dict = field(default_factory=dict)   # tests/ dirs without hidden files (hidden.py)


@dataclass
class Score:
    """What one lab earned, and why."""
    lab: lab_registry.Lab
    points: int
    reason: str          # "passed", or why the lab scored 0


def one_line(text):
    """A reason as one line of reasonable length."""
    text = " ".join(text.split())
    return text if len(text) <= REASON_WIDTH else text[:REASON_WIDTH - 3] + "..."


def relative(path, tree):
    """A path as make must see it: relative to the tree if inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(tree.resolve()))
    except ValueError:
        return str(path)


class Refused(Exception):
    """Something of the submission is refused; the message says what and why."""


def inside(tree, name):
    """tree/name as a real path, refused if a link takes it outside the tree."""
    path = (tree / name).resolve()
    if path != tree.resolve() and tree.resolve() not in path.parents:
        raise Refused(f"{name} is a link to outside the submission: refused")
    return path


def read_source(tree, name):
    """The bytes of the submission's file name: a regular file inside its tree."""
    path = inside(tree, name)
    if not path.exists():
        raise Refused(f"{name} is missing")
    if not path.is_file():
        raise Refused(f"{name} is not a regular file: refused")
    return path.read_bytes()


# A build list may only assign lists of files: NAME := words, with $(NAME)
# references. Anything else (a function such as $(shell ...), include, a
# rule, export) would run the student's make code when the grader builds.
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*\s*(:=|\+=|=|\?=)(?P<value>.*)$")
REFERENCE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.]*)\)")


def check_build_list(text, where):
    """None if a build.mk only assigns file lists, else why it is refused."""
    logical = text.replace("\\\n", " ").splitlines()
    for lineno, line in enumerate(logical, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = ASSIGNMENT.match(stripped)
        value = m.group("value") if m else ""
        if not m or "$" in REFERENCE.sub("", value) or line.startswith("\t"):
            shown = stripped if len(stripped) < 60 else stripped[:57] + "..."
            what = "a make function" if "$" in stripped else "not a plain assignment"
            return (f"{where} refused: a build list may only assign lists of files "
                    f"({what}: {shown})")
    return None


def check_build_lists(setup, lessons):
    """Refuse the build lists that hold make code; a lesson -> reason dict."""
    refused = {}
    for lesson in lessons:
        name = f"lessons/{lesson}/build.mk"
        try:
            text = read_source(setup.tree, name).decode(errors="replace")
        except Refused as e:
            refused[lesson] = str(e)
            continue
        why = check_build_list(text, name)
        if why:
            refused[lesson] = why
    return refused


# ---------------------------------------------------------------------------
# Building

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
    """(kind, path) of what one test needs: ("host", program) or ("boot", ISO).
    A hidden variant's own kernel is never built by make (hidden.py puts it
    together afterwards): make builds the public test's, whose objects it
    links."""
    if name.startswith("host/"):
        return "host", build / "host" / name[len("host/"):]
    spec = runner.load_spec(boot_spec(lab, name)[0])
    image = spec.image_name()
    if hidden.is_hidden(image):
        image = runner.load_spec(ROOT / "lessons" / lab.lesson / "tests" / f"{name}.test"
                                 ).image_name()
    return "boot", build / lab.lesson / f"{image}.iso"


def first_error(output):
    """The line of a failed build that best says what is wrong."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        if re.search(r"\berror\b", line, re.IGNORECASE) and not line.startswith("make"):
            return line
    for line in lines:
        if "undefined reference" in line or "No rule to make target" in line:
            return line
    return lines[-1] if lines else "(no output)"


def grading_binds(setup):
    """The course's grading files, read-only over the submission's tree: what
    make reads besides the student's sources (the Makefile, tools/, the host
    tests' lists, every lesson's tests/). A refused build list is replaced by
    the course's, so that the other lessons still build."""
    tree = setup.tree.resolve()
    names = ["Makefile", "tools", "tests/host"]
    names += [f"lessons/{lesson}/build.mk" for lesson in setup.refused_lists]
    # Each lesson's tests/ without the hidden variants (hidden.py), also
    # over the course's own tree: the student's build never sees them.
    binds = []
    for name, copy in setup.public.items():
        target = inside(setup.tree, name)
        if name == str(hidden.HOST_DIR) and not target.exists():
            continue                    # nothing to mask
        if not target.exists():
            target.mkdir(parents=True)
        binds.append(sandbox.ro(copy, target))
    for name in names:
        source = ROOT / name
        if tree == ROOT.resolve():
            if name.endswith("build.mk"):
                raise Refused(setup.refused_lists[name.split("/")[1]])
            continue
        target = inside(setup.tree, name)
        if not target.exists() and not target.is_symlink():   # a mount point for bwrap
            target.parent.mkdir(parents=True, exist_ok=True)
            target.mkdir() if source.is_dir() else target.touch()
        binds.append(sandbox.ro(source, target))
    return binds


def sandboxed(setup, argv, binds, cwd, seconds, env=None, memory=sandbox.Limits.memory):
    """Run argv in the sandbox (or, with --no-sandbox, as it is); a sandbox.Completed."""
    limits = sandbox.Limits(seconds=seconds, memory=memory)
    if setup.isolate:
        return sandbox.run(argv, binds, cwd, env, limits, setup.uid)
    import subprocess
    try:
        proc = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=seconds,
                              env=dict(os.environ, **(env or {})))
        return sandbox.Completed(proc.returncode, proc.stdout.decode(errors="replace"))
    except subprocess.TimeoutExpired:
        return sandbox.Completed(-9, "", f"time limit of {seconds:g} s")


def build_lesson(setup, targets):
    """Build targets with make, in the sandbox; None if it worked, else the reason."""
    if not targets:
        return None
    tree = setup.tree.resolve()
    cc, env, cache = setup.cc, {}, []
    if setup.ccache:
        # Read-only: only the course's own builds fill it, so a submission
        # cannot plant an object that another one would then use.
        cc = f"ccache {setup.cc}"
        env = {"CCACHE_DIR": str(setup.ccache), "CCACHE_READONLY": "1",
               "CCACHE_NOHASHDIR": "1", "CCACHE_TEMPDIR": "/tmp"}
        cache = [sandbox.ro(setup.ccache)]
    command = ["make", "-s", "--no-print-directory", f"-j{setup.jobs}", f"CC={cc}",
               *sorted({relative(t, tree) for t in targets})]
    # The build writes its objects under build/<compiler>, and the font it
    # generates from Debian's console-data package under build/font (shared
    # by both compilers): those two are the only writable places.
    font = tree / "build" / "font"
    try:
        setup.build.mkdir(parents=True, exist_ok=True)
        font.mkdir(parents=True, exist_ok=True)
        binds = ([sandbox.ro(tree)] + grading_binds(setup)
                 + [sandbox.rw(setup.build), sandbox.rw(font)] + cache)
        if setup.isolate:
            sandbox.give(setup.build, setup.uid)
            sandbox.give(font, setup.uid)
    except Refused as e:
        return str(e)
    except OSError as e:
        return f"does not build: cannot prepare the build: {e}"
    done = sandboxed(setup, command, binds, tree, BUILD_TIMEOUT, env)
    if done.limit:
        return f"does not build: the build reached the {done.limit}"
    if done.status != 0:
        return "does not build: " + first_error(done.output)
    return None


# ---------------------------------------------------------------------------
# Running one lab's tests

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
    if result.verdict == "hang":
        why = f"hang after {spec.timeout:g} s: {result.reason}"
    elif result.verdict == "triple-fault":
        why = f"triple fault: {result.reason}"
    elif result.verdict == "boot-error":
        why = f"boot error: {result.reason}"
    else:
        failed = [(name, context) for name, ok, context in result.ktests if not ok]
        if failed:
            name, context = failed[0]
            why = f"failed: {name}: {failure_message(lab, context)}"
        else:
            why = f"{result.verdict.replace('-', ' ')}: {result.reason}"
    stub = not_implemented(lab, result.serial)
    if stub:
        why = f"not implemented ({stub})"
    return f"{label}: {why}"


def run_boot(lab, name, label, setup):
    """Boot one of the lab's tests; None if it passed, else the reason."""
    path, is_hidden = boot_spec(lab, name)
    spec = runner.load_spec(path)
    iso = setup.build / lab.lesson / f"{spec.image_name()}.iso"
    if hidden.is_hidden(spec.image_name()):
        out = Path(tempfile.mkdtemp(prefix="grade-hidden-"))
        try:
            os.chmod(out, 0o755)
            if setup.isolate:
                sandbox.give(out, setup.uid)
            why = hidden.link_image(lab.lesson, name, relative(setup.build, setup.tree),
                                    setup.cc, ROOT, out, hidden_runner(setup, out))
            if why:
                return f"{label} (hidden variant): {why}"
            return boot_image(lab, label, spec, out / f"{spec.image_name()}.iso", setup, True)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return boot_image(lab, label, spec, iso, setup, is_hidden)


def hidden_runner(setup, out):
    """hidden.link_image()'s way to run a command: in the sandbox, seeing
    out/ and either the student's tree (student=True) or only the course's."""
    def run(argv, cwd, student):
        if student:
            binds = [sandbox.ro(setup.tree.resolve())] + grading_binds(setup)
            cwd = setup.tree.resolve()
        else:
            binds = [sandbox.ro(ROOT)]
        return sandboxed(setup, argv, binds + [sandbox.rw(out)], cwd, HOST_TIMEOUT)
    return run


def boot_image(lab, label, spec, iso, setup, is_hidden):
    """Boot iso with spec; None if it passed, else the reason (a hidden
    variant's names only the step, never what the step expected)."""
    if iso.is_symlink() or not iso.resolve().is_file():
        return f"{label}: the image {relative(iso, setup.tree)} was not built"
    result = runner.run(iso.resolve(), spec)
    if result.verdict == (spec.verdict or "passed"):
        return None
    if is_hidden:
        return hidden.hidden_reason(label, result.verdict, result.reason, spec.steps,
                                    not_implemented(lab, result.serial))
    return boot_reason(lab, label, spec, result)


def host_sources(name):
    """The kernel sources a host test links with (NAME_SOURCES in tests/host/NAME.mk)."""
    text = (ROOT / "tests" / "host" / f"{name}.mk").read_text(encoding="utf-8")
    m = re.search(rf"^{re.escape(name)}_SOURCES\s*[:+]?=\s*(.*)$", text, re.MULTILINE)
    if not m:
        raise OSError(f"tests/host/{name}.mk names no {name}_SOURCES")
    return m.group(1).split()


def expected_cases(test_source):
    """The test cases a cmocka program must run, from its source."""
    return re.findall(r"cmocka_unit_test\w*\(\s*(\w+)", test_source)


def stage_host(setup, tests, sources, stage):
    """Lay out one host test for the sandbox: the course's headers, its test
    programs (the public test and its hidden variant, as test/0.c, test/1.c),
    and only the submission's sources it needs (each read as a regular file
    of the tree, so no link reaches outside it)."""
    dirs = {"common/include"} | {str(Path(src).parent) for src in sources}
    for folder in sorted(dirs):
        (stage / "inc" / folder).mkdir(parents=True, exist_ok=True)
        for header in sorted((ROOT / folder).glob("*.h")):
            shutil.copy(header, stage / "inc" / folder / header.name)
    for src in sources:
        (stage / "src" / src).parent.mkdir(parents=True, exist_ok=True)
        (stage / "src" / src).write_bytes(read_source(setup.tree, src))
    (stage / "test").mkdir()
    for i, test_file in enumerate(tests):
        shutil.copy(test_file, stage / "test" / f"{i}.c")
    (stage / "out").mkdir()
    for top, dirs_, files in os.walk(stage):
        os.chmod(top, 0o755)
        for name in files:
            os.chmod(os.path.join(top, name), 0o644)
    if setup.isolate:
        sandbox.give(stage / "out", setup.uid)
    return ["-I" + str(stage / "inc" / folder) for folder in sorted(dirs)]


def inspect_object(obj_name, dump, allowed):
    """Why a student's object is refused, or None.

    dump holds `readelf -SW`, `nm -u` and `objdump -d` of it, between
    '=== ' lines.
    """
    parts = dict(re.findall(r"^=== (\w+)\n(.*?)(?=^=== |\Z)", dump, re.MULTILINE | re.DOTALL))
    sections = re.findall(r"^\s*\[\s*\d+\]\s+(\S+)", parts.get("sections", ""), re.MULTILINE)
    bad = [name for name in sections if name.startswith(FORBIDDEN_SECTIONS)]
    if bad:
        return (f"{obj_name} refused: it has a constructor or destructor (section {bad[0]}), "
                "code that would run outside the tests")
    undefined = re.findall(r"^\s*U\s+(\S+)", parts.get("undefined", ""), re.MULTILINE)
    outside = [name for name in undefined if name not in allowed]
    if outside:
        return (f"{obj_name} refused: it uses {', '.join(sorted(set(outside))[:4])}, "
                "outside the kernel's own API")
    call = SYSTEM_CALLS.search(parts.get("code", ""))
    if call:
        return f"{obj_name} refused: it calls the host system directly ({call.group(1)})"
    return None


# The sanitizers of the course's host tests (the Makefile's HOST_CFLAGS): a
# read past the end of a tag is caught in the student's code too.
SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
            "-fno-omit-frame-pointer"]


def host_cflags(setup):
    """Flags for the course's test program (hosted, cmocka)."""
    return ["-std=gnu11", "-O1", "-g", *SANITIZE]


# A student's source, compiled freestanding: no C library exists for it.
STUDENT_CFLAGS = ["-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-ffreestanding", "-nostdinc",
                  "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-fno-exceptions"]
LOG_LIMIT = 1 << 20     # bytes of one compiler's log that are read back


def host_build_script(setup, sources, objects, tests, includes):
    """The shell script that builds one host test in the sandbox, in out/.

    Every compiler runs at once, in the background (each source twice:
    plain, to inspect what the student's code holds, and with the
    sanitizers, which add constructors of their own, to link with the
    tests; and each test program); each leaves its output in log.KEY and
    its exit status in status.KEY. If the student's sources compiled, each
    test that compiled is linked with them (log and status link.I), while
    the script prints what the grader inspects: each object's sections,
    undefined symbols and code, and the symbols the objects and each test
    define. No code of the student's runs here.
    """
    q = shlex.quote
    cc = q(setup.cc)
    flags = " ".join(q(f) for f in includes)
    test_flags = " ".join(q(f) for f in host_cflags(setup))
    lines = ["set -u",
             f'inc=$({cc} -print-file-name=include) || exit 1',
             'job() { key=$1; dir=$2; shift 2; (cd "$dir" && exec "$@") >"log.$key" 2>&1;'
             ' echo $? >"status.$key"; }']
    student = []
    for k, (src, obj) in enumerate(zip(sources, objects)):
        for key, extra, output in ((f"src{k}", [], obj), (f"san{k}", SANITIZE, obj[:-2] + ".san.o")):
            student.append(key)
            lines.append(f'job {key} ../src {cc} {" ".join(q(f) for f in STUDENT_CFLAGS + extra)}'
                         f' -isystem "$inc" {flags} -c {q(src)} -o ../out/{q(output)} &')
    for i in range(len(tests)):
        lines.append(f'job test{i} . {cc} {test_flags} {flags}'
                     f' -c ../test/{i}.c -o test{i}.o &')
    lines.append("wait")
    lines.append(f'for key in {" ".join(student)}; do'
                 ' [ "$(cat "status.$key")" = 0 ] || exit 0; done')
    sanitized = " ".join(q(obj[:-2] + ".san.o") for obj in objects)
    for i in range(len(tests)):
        lines.append(f'[ "$(cat status.test{i})" = 0 ] && job link{i} . {cc}'
                     f' {test_flags} -o test{i} test{i}.o'
                     f' {sanitized} -lcmocka &')
    plain = " ".join(q(obj) for obj in objects)
    lines.append(f'for o in {plain}; do echo "=== object $o"; echo "=== sections";'
                 ' readelf -SW "$o" || exit 2; echo "=== undefined"; nm -u "$o" || exit 2;'
                 ' echo "=== code"; objdump -d --no-show-raw-insn "$o" || exit 2; done')
    lines.append(f'echo "=== defined"; nm --defined-only {plain} || exit 2')
    for i in range(len(tests)):
        lines.append(f'echo "=== test {i}"; nm --defined-only test{i}.o 2>/dev/null')
    lines.append("wait")
    return "\n".join(lines) + "\n"


def grade_host_test(lab, name, tests, setup):
    """Build one host test the grader's way and run it, then each of its
    variants; None if every case of every one passed, else the reason.

    ``tests``: (label, course's test file) pairs, the public test first.
    The submission's sources are compiled freestanding against the course's
    headers (no C library exists for them), once for all the variants, and
    checked (no constructor, no symbol outside the kernel's API, no system
    call); each test program is linked with them and runs in a sandbox of
    its own, which sees only its copy of the program, so one variant's run
    cannot change what the next one runs. Every case named in the test's
    source must run and pass. A variant runs only once the one before it
    passed.
    """
    sources = host_sources(name)
    work = Path(tempfile.mkdtemp(prefix="grade-host-"))
    os.chmod(work, 0o755)
    try:
        stage = work / "stage"
        includes = stage_host(setup, [test for _, test in tests], sources, stage)
        out = stage / "out"
        objects = [Path(src).name + ".o" for src in sources]
        script = host_build_script(setup, sources, objects, tests, includes)
        done = sandboxed(setup, ["sh", "-c", script], [sandbox.ro(stage), sandbox.rw(out)], out,
                         HOST_TIMEOUT)
        if done.limit:
            return f"does not build: {done.limit}"
        if done.status == 1:
            return f"does not build: cannot run the compiler: {first_error(done.output)}"
        for k in range(len(sources)):
            for key in (f"src{k}", f"san{k}"):
                status, log = read_result(out, key)
                if status != 0:
                    return f"does not build: {first_error(log)}"
        blocks = re.split(r"^=== object ", done.output.split("=== defined\n", 1)[0],
                          flags=re.MULTILINE)
        if done.status != 0 or len(blocks) != len(sources) + 1:
            return f"cannot inspect the objects: {first_error(done.output)}"
        defined_parts = re.split(r"^=== test \d+\n", done.output.split("=== defined\n", 1)[-1],
                                 flags=re.MULTILINE)
        for i, (label, test_file) in enumerate(tests):
            why = run_host_variant(lab, label, setup, work, out, i, sources, blocks,
                                   defined_parts[0] + (defined_parts[i + 1]
                                                       if i + 1 < len(defined_parts) else ""))
            if why:
                return why.replace(f"../test/{i}.c", relative(test_file, ROOT))
        return None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_result(out, key):
    """(exit status, output) of the build script's job KEY; status -1 when
    it left none (it did not finish)."""
    def read(name):
        path = out / name
        if path.is_symlink() or not path.is_file():
            return None
        with open(path, "rb") as f:
            return f.read(LOG_LIMIT).decode(errors="replace")
    status, log = read(f"status.{key}"), read(f"log.{key}") or ""
    try:
        return int(status), log
    except (TypeError, ValueError):
        return -1, log or "(the compiler did not finish)"


def run_host_variant(lab, label, setup, work, out, i, sources, blocks, defined_text):
    """The test program test{i} built by grade_host_test(): check the
    student's objects against what it defines, run it; None if all passed."""
    status, log = read_result(out, f"test{i}")
    if status != 0:
        return f"{label}: the test does not build: {first_error(log)}"
    allowed = COMPILER_HELPERS | set(re.findall(r"^\S*\s+[A-Za-z]\s+(\S+)$", defined_text,
                                                re.MULTILINE))
    for src, block in zip(sources, blocks[1:]):
        why = inspect_object(src, block.split("\n", 1)[1], allowed)
        if why:
            return why
    status, log = read_result(out, f"link{i}")
    if status != 0:
        return f"{label}: does not link: {first_error(log)}"
    program = out / f"test{i}"
    if program.is_symlink() or not program.is_file():
        return f"{label}: does not link: no program was written"
    run = work / f"run{i}"
    run.mkdir()
    shutil.copy(program, run / "test")
    os.chmod(run, 0o755)
    os.chmod(run / "test", 0o755)
    if setup.isolate:
        sandbox.give(run, setup.uid)
    # No address-space limit: AddressSanitizer reserves terabytes it
    # never uses. The student's code cannot allocate (malloc is outside
    # its API); the time limit bounds the rest.
    done = sandboxed(setup, ["./test"], [sandbox.rw(run)], run, HOST_TIMEOUT,
                     env={"CMOCKA_MESSAGE_OUTPUT": "stdout"}, memory=None)
    stub = not_implemented(lab, done.output)
    if stub:
        return f"{label}: not implemented ({stub})"
    cases = {case: (ok, messages) for case, ok, messages in run_tests.parse_cmocka(done.output)}
    for case in expected_cases((out.parent / "test" / f"{i}.c").read_text(encoding="utf-8")):
        if case not in cases:
            how = done.limit or (f"killed by signal {-done.status}" if done.status < 0
                                 else f"exit status {done.status}")
            return f"{label}: case {case} never ran (the program stopped: {how})"
        ok, messages = cases[case]
        if not ok:
            return f"failed: {label}/{case}: {run_tests.cmocka_reason(messages)}"
    if done.limit or done.status != 0:
        return f"{label}: {done.limit or f'exit status {done.status}'} after its cases"
    return None


def run_host(lab, name, label, setup):
    """Run one of the lab's host tests, then its hidden variant if the course
    has one; None if every case passed."""
    name = name[len("host/"):]
    tests = [(label, ROOT / "tests" / "host" / f"{name}.c")]
    variant = ROOT / hidden.HOST_DIR / f"{name}.c"
    if variant.is_file():
        tests.append((f"{label} (hidden variant)", variant))
    return grade_host_test(lab, name, tests, setup)


def grade_lab(lab, setup):
    """Run a lab's tests in order until one fails; the lab's Score."""
    if lab.lesson in setup.refused_lists:
        return Score(lab, 0, one_line(setup.refused_lists[lab.lesson]))
    for name, label in zip(lab.tests, lab.labels):
        try:
            if name.startswith("host/"):
                why = run_host(lab, name, label, setup)
            else:
                why = run_boot(lab, name, label, setup)
        except Refused as e:
            why = str(e)
        except (OSError, runner.SpecError) as e:
            why = f"{label}: cannot run the test: {e}"
        if why:
            return Score(lab, 0, one_line(why))
    return Score(lab, lab.points, "passed")


# ---------------------------------------------------------------------------
# The whole run

def grade(labs, setup, progress=print):
    """Build and grade labs; a list of Scores in lab order."""
    scores = {}
    by_lesson = {}
    for lab in labs:
        by_lesson.setdefault(lab.lesson, []).append(lab)
    setup.refused_lists = check_build_lists(setup, lab_registry.lesson_dirs(setup.tree))
    public = Path(tempfile.mkdtemp(prefix="grade-public-"))
    try:
        os.chmod(public, 0o755)
        setup.public = hidden.public_tests(ROOT, lab_registry.lesson_dirs(ROOT), public)
        return _grade(by_lesson, labs, scores, setup, progress)
    finally:
        shutil.rmtree(public, ignore_errors=True)


def _grade(by_lesson, labs, scores, setup, progress):
    """grade() once the public tests are laid out."""
    runnable = []
    for lesson, lesson_labs in by_lesson.items():
        targets = []
        for lab in lesson_labs:
            try:
                targets += [path for kind, path in (test_target(lab, n, setup.build)
                                                    for n in lab.tests) if kind == "boot"]
            except (OSError, runner.SpecError) as e:
                scores[lab.id] = Score(lab, 0, one_line(f"bad test spec: {e}"))
        problem = setup.refused_lists.get(lesson)
        if targets and not problem:
            progress(f"grade: building {lesson} ({len(lesson_labs)} labs)")
            problem = build_lesson(setup, targets)
        for lab in lesson_labs:
            if lab.id in scores:
                continue
            if problem:
                scores[lab.id] = Score(lab, 0, one_line(problem))
            else:
                runnable.append(lab)

    progress(f"grade: running the tests of {len(runnable)} labs, {setup.jobs} at a time")
    with ThreadPoolExecutor(max_workers=max(1, setup.jobs)) as pool:
        for score in pool.map(lambda lab: grade_lab(lab, setup), runnable):
            scores[score.lab.id] = score
    return [scores[lab.id] for lab in labs]


def qemu_sandbox(setup):
    """The QEMU runner's hook: QEMU in the sandbox, seeing only its image and
    its private directory (serial log, QMP socket)."""
    def wrap(command, workdir, iso):
        sandbox.give(workdir, setup.uid)
        os.chmod(workdir, 0o755)
        binds = [sandbox.rw(workdir), sandbox.ro(iso)]
        return sandbox.wrap(command, binds, workdir, None,
                            sandbox.Limits(seconds=BUILD_TIMEOUT), setup.uid)
    return wrap


def print_table(scores, out=sys.stdout):
    """The result: one line per lab (and the reason under a lab that scored 0), a total."""
    earned = sum(s.points for s in scores)
    possible = sum(s.lab.points for s in scores)
    print(f"\n{'lab':<6}{'points':>7}  title", file=out)
    for s in scores:
        print(f"{s.lab.id:<6}{s.points:>3}/{s.lab.points:<3}  {s.lab.title}", file=out)
        if s.reason != "passed":
            print(f"{'':<15}{s.reason}", file=out)
    print(f"{'total':<6}{earned:>3}/{possible:<3}  "
          f"{'full marks' if earned == possible else 'not full marks'}", file=out)


def write_csv(path, student, scores):
    """Append one row per lab: student, exercise, points, possible, reason."""
    path = Path(path)
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if new:
            writer.writerow(["student", "exercise", "points", "possible", "reason"])
        for s in scores:
            writer.writerow([student, s.lab.id, s.points, s.lab.points, s.reason])


def main(argv=None):
    """Grade, print the table, exit 0 only with full marks."""
    parser = argparse.ArgumentParser(
        description="Grade the labs: build, run each lab's tests, print points and a total.")
    parser.add_argument("--build", required=True, help="build directory, e.g. build/gcc")
    parser.add_argument("--cc", default="cc", help="the compiler make should use (default cc)")
    parser.add_argument("--lesson", help="only the labs of this lesson (2, 02 or 02-name)")
    parser.add_argument("--lab", action="append", metavar="ID",
                        help="only this lab, e.g. 3.1 (repeatable)")
    parser.add_argument("--jobs", "-j", type=int, default=usable_cpus(),
                        help="labs graded at once (default: the CPUs this process may "
                             "use, from its affinity and its cgroup's quota)")
    parser.add_argument("--csv", metavar="FILE", help="also append the scores to this CSV file")
    parser.add_argument("--tree", default=str(ROOT),
                        help="the submission's tree to grade (default: this one); the tests, "
                             "tools and Makefile always come from this tree")
    parser.add_argument("--sandbox-uid", type=int, default=sandbox.SANDBOX_UID,
                        help="the user the submission's code runs as when we are root "
                             f"(default {sandbox.SANDBOX_UID}, nobody)")
    parser.add_argument("--ccache", metavar="DIR",
                        help="a ccache directory filled by the course's own builds, which "
                             "the sandboxed builds read (never write) to go faster")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run the build and tests as they are, without bwrap (your own "
                             "code only: never to grade someone else's)")
    parser.add_argument("--student", default="", help="the student's name for --csv")
    args = parser.parse_args(argv)

    try:
        labs = lab_registry.load(ROOT)
        lesson = None
        if args.lesson:
            word = args.lesson.rstrip("/").split("/")[-1]
            number = word.split("-", 1)[0]
            lesson = lab_registry.lesson_for(int(number), ROOT) if number.isdigit() else None
            if lesson is None or (("-" in word) and word != lesson):
                raise lab_registry.LabError(
                    f"unknown lesson {args.lesson!r}: the lessons are "
                    f"{' '.join(lab_registry.lesson_dirs(ROOT))}")
        chosen = lab_registry.select(labs, lesson, args.lab)
    except lab_registry.LabError as e:
        print(f"grade: error: {e}", file=sys.stderr)
        return 2
    if not chosen:
        print(f"grade: lesson {lesson} has no labs", file=sys.stderr)
        return 2

    tree = Path(args.tree).resolve()
    build = Path(args.build)
    if build.is_absolute() and tree in build.resolve().parents:
        build = build.resolve().relative_to(tree)
    if build.is_absolute() or ".." in build.parts:
        print(f"grade: error: --build {args.build}: give a directory inside the tree, "
              "e.g. build/gcc", file=sys.stderr)
        return 2
    setup = Setup(tree, tree / build, args.cc, args.jobs, not args.no_sandbox,
                  args.sandbox_uid)
    if args.ccache:
        if not Path(args.ccache).is_dir() or shutil.which("ccache") is None:
            print(f"grade: error: --ccache {args.ccache}: not a directory, or ccache is "
                  "not installed", file=sys.stderr)
            return 2
        setup.ccache = Path(args.ccache).resolve()
    if setup.isolate:
        problem = sandbox.available()
        if problem:
            print(f"grade: error: the sandbox cannot run: {problem} "
                  "(--no-sandbox grades your own tree without it)", file=sys.stderr)
            return 2
        closed = sandbox.closed_parent(tree, setup.uid)
        if closed:
            print(f"grade: error: the sandbox's user (uid {setup.uid}) cannot reach the tree: "
                  f"{closed} is not open to others (chmod o+x it, or grade a copy elsewhere)",
                  file=sys.stderr)
            return 2
        runner.session.SANDBOX = qemu_sandbox(setup)
    signal.signal(signal.SIGTERM, lambda *_: runner.STOP.set())
    start = time.monotonic()
    try:
        scores = grade(chosen, setup)
    except (KeyboardInterrupt, runner.Interrupted):
        runner.STOP.set()
        print("grade: interrupted", file=sys.stderr)
        return 130
    print_table(scores)
    print(f"({time.monotonic() - start:.0f} s)")
    if args.csv:
        write_csv(args.csv, args.student, scores)
    return 0 if all(s.points == s.lab.points for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
