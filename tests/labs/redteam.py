#!/usr/bin/env python3
"""The red-team suite: submissions that try to cheat, graded beside a good one.

tests/labs/redteam.sh runs it (``make test`` runs that). From the handout
(stubs, 0 points) it writes submissions that each attack one lab, grades
them with ``tools/grade_all.py`` (only the attacked labs) beside the full
tree's own submission, and checks that:

* every attack earns 0 for the lab it attacks, with a reason that names
  what was refused or not found;
* the good submission still scores full marks;
* nothing outside the sandboxes changed: the course's grading files, the
  folder of submissions and the files an attack tries to write outside.

Lab 8.1's attacks: a kernel that prints every "[ok]" without unmapping
(the host finds the page still mapped), and an unmap_page() written for the
public test's page alone (the hidden variant uses another).

It also runs attacks that the static checks would stop before they run
(a fork bomb, endless output, reading the instructor's tree) straight in
tools/sandbox.py, to show that the sandbox itself contains them.

usage: tests/labs/redteam.py BUILD_DIR    (exit 0: passed)
"""

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import sandbox  # noqa: E402

PYTHON = "/usr/bin/python3"
VGA = "lessons/03-vga-text/vga.c"
CURSOR = "lessons/03-vga-text/cursor.c"
CANARY = Path(tempfile.gettempdir()) / f"redteam-canary-{os.getpid()}"

# A cmocka program whose one case passes: what exploit 1 copies over the test.
FAKE_TEST = """#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
static void fine(void **state) { (void)state; }
int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(fine) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
"""

# Exploit 2 of the issue: a constructor that prints the verdict of every case.
CONSTRUCTOR = """
#if __STDC_HOSTED__
#include <stdio.h>
#include <stdlib.h>
#endif
int printf(const char *format, ...);
void exit(int status);
__attribute__((constructor)) static void fake_verdicts(void)
{
	static const char *const cases[] = { CASES };
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		printf("[ RUN      ] %s\\n[       OK ] %s\\n", cases[i], cases[i]);
	exit(0);
}
"""

# Print passing verdicts with raw system calls, then exit before the test runs.
SYSCALLS = """
static void raw_write(const char *text, long length)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(1L), "D"(1L), "S"(text), "d"(length)
			 : "rcx", "r11", "memory");
}
void redteam_exit_early(void)
{
	raw_write("[       OK ] everything\\n", 24);
	__asm__ volatile("syscall" : : "a"(231L), "D"(0L));
}
"""

# Lab 3.2: print the test kernel's marker without moving the cursor.
FAKE_MARKER = """
#include "serial.h"
void vga_cursor_move(uint16_t cell)
{
	(void)cell;
	serial_write_string("lab_cursor_follows_the_text ... [ok]\\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
"""

# Lab 3.2: report the cursor the test expects without moving the card's.
LYING_CURSOR = """
static uint16_t said;
void vga_cursor_move(uint16_t cell)
{
	said = cell;
}

uint16_t vga_cursor_position(void)
{
	return said;
}
"""

ENDLESS_SERIAL = """
#include "serial.h"
void vga_cursor_move(uint16_t cell)
{
	(void)cell;
	for (;;)
		serial_write_string("lab_cursor_follows_the_text ... [ok] and again\\n");
}
"""

# Lab 8.1: every in-kernel test passes (lesson 04's ktest.c, the student's
# own, believes no failed assertion) and unmap_page() does nothing; the test
# kernel prints all of lab 8.1's "[ok]" markers by itself.
KTEST = "lessons/04-testing/ktest.c"
PAGING = "lessons/08-paging/page_tables.c"
UNMAP_STUB = 'panic("lab 8.1 not implemented: unmap_page");'
# ... and map_page() no longer refuses to map a page twice: before the host
# checked the page tables, this kernel scored lab 8.1's full marks.
REMAP_CHECK = "if (*leaf & PTE_PRESENT)"

# Lab 8.1: the reference unmap_page(), for the public test's page only.
HARD_CODED = """
	if (virtual_address != 0x0000600000000000ull)
		return;
	struct page_walk walk;
	if (page_tables_walk(virtual_address, &walk) != PAGE_WALK_MAPPED || walk.level != 1)
		return;
	writable_table(walk.table[1])[walk.index[1]] = 0;
	invlpg(virtual_address);
"""


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def run(command, **kwargs):
    """Run a command of ours; its output; stop the suite if it fails."""
    proc = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, **kwargs)
    if proc.returncode != 0:
        fail(f"{' '.join(map(str, command))} failed:\n{proc.stdout.decode(errors='replace')}")
    return proc.stdout.decode(errors="replace")


def digest(paths):
    """One hash of every file under paths (names, modes and contents)."""
    h = hashlib.sha256()
    for path in paths:
        for top, dirs, files in sorted(os.walk(path)):
            dirs.sort()
            for name in sorted(files):
                full = Path(top) / name
                h.update(str(full).encode())
                if full.is_symlink():
                    h.update(os.readlink(full).encode())
                elif full.is_file():
                    h.update(full.read_bytes())
    return h.hexdigest()


def submission(handout, folder, name, edits):
    """A copy of the handout with edits {path: text to append, or (text,) to replace}."""
    tree = folder / name
    shutil.copytree(handout, tree, symlinks=True)
    for path, text in edits.items():
        target = tree / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, tuple):
            target.write_text(text[0])
        else:
            with open(target, "a") as f:
                f.write(text)
    return tree


def bad_archives(handout, folder):
    """Archives that try to write outside their folder, or link to the instructor's tree."""
    def add_text(tar, name, text):
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(folder / "dotdot.tar.gz", "w:gz") as tar:
        tar.add(handout, arcname="submission")
        add_text(tar, f"../../{CANARY.name}", "written outside the folder\n")
    with tarfile.open(folder / "symlink.tar.gz", "w:gz") as tar:
        tar.add(handout, arcname="submission",
                filter=lambda info: None if info.name == f"submission/{VGA}" else info)
        info = tarfile.TarInfo(f"submission/{VGA}")
        info.type = tarfile.SYMTYPE
        info.linkname = str(ROOT / VGA)        # the instructor's solution
        tar.addfile(info)


def grade_all(folder, out, labs, build, cc, parallel):
    command = [PYTHON, "tools/grade_all.py", "--dir", str(folder), "--out", str(out),
               "--build", build, "--cc", cc, "--timeout", "240", "--parallel", str(parallel)]
    cache = ROOT / "build" / "labs-ccache"      # filled by tests/labs/handout.sh, if it ran
    if cache.is_dir() and shutil.which("ccache"):
        command += ["--ccache", str(cache)]
    for lab in labs:
        command += ["--lab", lab]
    print(run(command), end="")
    with open(out, newline="") as f:
        return {(row["student"], row["exercise"]): row for row in csv.DictReader(f)}


def expect_zero(rows, student, lab, *words):
    """The student's row for lab (or its 'build' row) is 0 points with one of words."""
    row = rows.get((student, lab)) or rows.get((student, "build"))
    if row is None:
        return f"{student}: no row for lab {lab}"
    if int(row["points"]) != 0:
        return f"{student}: lab {lab} scored {row['points']}: the attack worked"
    if not any(word in row["reason"] for word in words):
        return f"{student}: lab {lab} scored 0 but the reason does not say why: {row['reason']!r}"
    print(f"ok    {student:<16} {row['exercise']}: 0 — {row['reason']}")
    return None


def expect_full(rows, student, lab):
    row = rows.get((student, lab))
    if row is None or row["points"] != row["possible"]:
        return f"{student}: lab {lab} should score full marks: {row}"
    print(f"ok    {student:<16} {lab}: {row['points']}/{row['possible']}")
    return None


def processes_of(uid, mark):
    """How many processes of the user uid have mark in their command line,
    read from /proc (pgrep, in procps, is not on a minimal Debian). The mark
    keeps other sandboxes' processes (labs checks running beside this one)
    out of the count."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid != uid:
                    continue
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if mark.encode() in f.read():
                        count += 1
            except OSError:     # the process ended meanwhile
                pass
    return count


def sandbox_attacks():
    """Attacks run straight in the sandbox: each must be contained."""
    problems = []
    work = Path(tempfile.mkdtemp(prefix="redteam-sandbox-"))
    os.chmod(work, 0o755)
    try:
        sandbox.give(work)
        binds = [sandbox.rw(work)]
        limits = sandbox.Limits(seconds=10, processes=64, file_size=1 << 20)
        start = time.monotonic()
        # Every copy of the bomb is a fork of this sh: its $0 marks them all.
        mark = f"redteam-fork-bomb-{os.getpid()}"
        done = sandbox.run(["sh", "-c", "b() { b | b & }; b; sleep 2; echo survived", mark],
                           binds, work, limits=sandbox.Limits(seconds=4, processes=64))
        for _ in range(20):     # the kernel kills what the namespace held, not at once
            leftover = str(processes_of(sandbox.SANDBOX_UID, mark))
            if leftover in ("", "0"):
                break
            time.sleep(0.2)
        if os.geteuid() == 0 and leftover not in ("", "0"):
            problems.append(f"fork bomb: {leftover} processes left after the sandbox")
        else:
            print(f"ok    fork bomb: contained in {time.monotonic() - start:.1f} s, "
                  "no process left")
        done = sandbox.run(["yes", "endless output"], binds, work, limits=limits)
        if "output limit" not in done.limit or len(done.output) > limits.output:
            problems.append(f"endless output: not stopped by the output limit: {done.limit!r}")
        else:
            print(f"ok    endless output: stopped by the {done.limit}")
        done = sandbox.run(["sh", "-c", "dd if=/dev/zero of=big bs=1M count=100; ls -l big"],
                           binds, work, limits=limits)
        if not done.limit and not any(f.stat().st_size > limits.file_size
                                      for f in work.iterdir()):
            print("ok    filling the disk: stopped by the file size limit")
        elif done.limit:
            print(f"ok    filling the disk: stopped by the {done.limit}")
        else:
            problems.append("filling the disk: a file grew beyond the limit")
        secret = ROOT / VGA
        done = sandbox.run(["sh", "-c", f"cat {secret} {sandbox.__file__} /etc/shadow; "
                           f"touch {CANARY}; ls /root /work /home; ping -c 1 -W 1 127.0.0.1;"
                           f"echo x > /usr/redteam"], binds, work, limits=limits)
        if "LAB 3.1" in done.output or CANARY.exists() or Path("/usr/redteam").exists():
            problems.append(f"the sandbox let an attack read or write outside: {done.output}")
        else:
            print("ok    the instructor's tree, /etc/shadow, /root, /work: not visible; "
                  "/usr read-only; nothing written outside")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return problems


def main():
    # run_tests.py gives an absolute path; each submission builds into its
    # own tree, in the directory of the same name.
    build = f"build/{Path(sys.argv[1] if len(sys.argv) > 1 else 'build/gcc').name}"
    cc = "clang" if Path(build).name == "clang" else "cc"
    problems = sandbox_attacks()
    work = Path(tempfile.mkdtemp(prefix="redteam-"))
    os.chmod(work, 0o755)
    try:
        handout = work / "handout"
        run([PYTHON, "tools/handout.py", "--out", str(handout)])
        host = work / "host"          # attacks on lab 3.1 (a host test)
        boot = work / "boot"          # attacks on lab 3.2 (a boot test)
        host.mkdir()
        boot.mkdir()
        run([PYTHON, "tools/submit.py", "--out", str(host / "good.tar.gz")])
        shutil.copy(host / "good.tar.gz", boot / "good.tar.gz")
        cases = ", ".join(f'"{name}"' for name in __import__("re").findall(
            r"cmocka_unit_test\w*\(\s*(\w+)",
            (ROOT / "tests/host/test_lab_vga_control.c").read_text()))
        submission(handout, host, "build_mk_shell", {
            "lessons/03-vga-text/build.mk":
                "EVIL := $(shell cp lessons/03-vga-text/notes.txt "
                f"tests/host/test_lab_vga_control.c; touch {CANARY})\n",
            "lessons/03-vga-text/notes.txt": (FAKE_TEST,)})
        submission(handout, host, "mk_shell", {
            "tests/host/evil.mk": f"X := $(shell touch {CANARY})\nHOST_TESTS += evil\n",
            "tools/grade.py": ("print('full marks')\n",)})
        submission(handout, host, "constructor", {VGA: CONSTRUCTOR.replace("CASES", cases)})
        submission(handout, host, "hosted_constructor", {
            VGA: "#if __STDC_HOSTED__\n" + CONSTRUCTOR.replace("CASES", cases) + "#endif\n"})
        submission(handout, host, "exits_early", {VGA: SYSCALLS})
        submission(handout, host, "reads_instructor", {
            VGA: f'\n#include "{ROOT / VGA}"\n'})
        submission(handout, host, "reads_other", {
            VGA: f'\n#include "{host / "build_mk_shell" / "lessons/03-vga-text/notes.txt"}"\n'})
        linked = submission(handout, host, "symlink_dir", {})
        (linked / VGA).unlink()
        (linked / VGA).symlink_to(ROOT / VGA)
        bad_archives(handout, host)
        submission(handout, boot, "fake_marker", {CURSOR: (
            (handout / CURSOR).read_text().split("void vga_cursor_move")[0] + FAKE_MARKER
            + "\nuint16_t vga_cursor_position" + (handout / CURSOR).read_text().split(
                "uint16_t vga_cursor_position", 1)[1],)})
        submission(handout, boot, "lying_cursor", {CURSOR: (
            (handout / CURSOR).read_text().split("void vga_cursor_move")[0] + LYING_CURSOR,)})
        submission(handout, boot, "endless_serial", {CURSOR: (
            (handout / CURSOR).read_text().split("void vga_cursor_move")[0] + ENDLESS_SERIAL
            + "\nuint16_t vga_cursor_position" + (handout / CURSOR).read_text().split(
                "uint16_t vga_cursor_position", 1)[1],)})

        paging = work / "paging"      # attacks on lab 8.1 (a boot test the host watches)
        paging.mkdir()
        shutil.copy(host / "good.tar.gz", paging / "good.tar.gz")
        ktest = (handout / KTEST).read_text()
        stub = (handout / PAGING).read_text()
        if "ok = !current_failed;" not in ktest or UNMAP_STUB not in stub \
                or REMAP_CHECK not in stub:
            fail(f"the attacks on lab 8.1 no longer fit {KTEST} or {PAGING}")
        submission(handout, paging, "fake_ok", {
            KTEST: (ktest.replace("ok = !current_failed;", "ok = true;"),),
            PAGING: (stub.replace(UNMAP_STUB, "").replace(REMAP_CHECK, "if (0)"),)})
        submission(handout, paging, "hard_coded", {
            PAGING: (stub.replace("(void)virtual_address;", "").replace(UNMAP_STUB, HARD_CODED),)})

        watched = [ROOT / "tools", ROOT / "tests", ROOT / "Makefile", host, boot, paging]
        before = digest(watched)
        # The three folders are graded at once, as they would be on separate
        # machines: much of it is waiting (the attacks on lab 3.2 run into
        # their time limit, side by side).
        rows = {}
        with ThreadPoolExecutor(max_workers=3) as pool:
            graded = [pool.submit(grade_all, folder, work / f"{folder.name}.csv", [lab],
                                  build, cc, parallel)
                      for folder, lab, parallel in ((host, "3.1", 2), (boot, "3.2", 4),
                                                    (paging, "8.1", 2))]
            for future in graded:
                rows.update(future.result())
        after = digest(watched)

        checks = [
            expect_full(rows, "good", "3.1"),
            expect_zero(rows, "build_mk_shell", "3.1", "build.mk refused", "make function"),
            expect_zero(rows, "mk_shell", "3.1", "not implemented", "failed: host/"),
            expect_zero(rows, "constructor", "3.1", "stdio.h: No such file",
                        "'stdio.h' file not found", "constructor"),
            expect_zero(rows, "hosted_constructor", "3.1", "not implemented", "failed: host/"),
            expect_zero(rows, "exits_early", "3.1", "host system directly"),
            # gcc says "No such file or directory", clang "file not found"; both
            # "Permission denied" in the sandbox's setpriv mode (no namespaces).
            expect_zero(rows, "reads_instructor", "3.1", "No such file", "file not found",
                        "Permission denied"),
            expect_zero(rows, "reads_other", "3.1", "No such file", "file not found",
                        "Permission denied"),
            expect_zero(rows, "symlink_dir", "3.1", "link to outside"),
            expect_zero(rows, "dotdot", "3.1", "unsafe", "outside"),
            expect_zero(rows, "symlink", "3.1", "link", "unsafe"),
            expect_full(rows, "good", "3.2"),
            expect_zero(rows, "fake_marker", "3.2", "screen", "hang"),
            expect_zero(rows, "lying_cursor", "3.2", "cursor 24 3"),
            expect_zero(rows, "endless_serial", "3.2", "screen", "hang", "limit", "failed"),
            expect_full(rows, "good", "8.1"),
            # The kernel says [ok]; the host's own walk of the page tables says no.
            expect_zero(rows, "fake_ok", "8.1", "the host walked the guest's page tables"),
            # Right for the public test's page only: the hidden variant's differs.
            expect_zero(rows, "hard_coded", "8.1", "hidden variant"),
        ]
        problems += [c for c in checks if c]
        if before != after:
            problems.append("files outside the sandbox changed: the course's tools/, tests/ "
                            "or Makefile, or the folder of submissions")
        else:
            print("ok    the course's grading files and the submissions are unchanged")
        if CANARY.exists() or (work / CANARY.name).exists():
            problems.append(f"an attack wrote {CANARY} outside its sandbox")
        else:
            print(f"ok    nothing written outside: {CANARY} does not exist")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        CANARY.unlink(missing_ok=True)
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
