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

Lab 3.1's attacks on the host test itself (issue 22): an object that
defines cmocka's functions, code built only with the sanitizers, weak
references, a system call hidden in an immediate -- each earned 10/10 with
the stub untouched while the test program judged itself.

Lab 5.1's attacks (hidden variants, issue 22): a kernel that reads the
hidden variant's spec while it compiles (.incbin) finds no such file, and a
report written for the public test's bytes fails with a reason that shows
neither the hidden bytes nor any other value the hidden variant expects.

The intake's attacks go through Gradescope's run_autograder too
(redteam_gradescope.py).

It also runs attacks that the static checks would stop before they run
(a fork bomb, endless output, reading the instructor's tree) straight in
tools/sandbox.py, to show that the sandbox itself contains them, and one
that writes into the lab ccache, which the sandboxed builds read.

usage: tests/labs/redteam.py BUILD_DIR    (exit 0: passed)
"""

import csv
import hashlib
import io
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import sandbox  # noqa: E402
import handout as handout_tool  # noqa: E402
sys.path.insert(0, str(ROOT / "tests" / "labs"))
import redteam_gradescope  # noqa: E402
import redteam_kernels  # noqa: E402
import redteam_procs  # noqa: E402

PYTHON = "/usr/bin/python3"
VGA = "lessons/03-vga-text/vga.c"
CURSOR = "lessons/03-vga-text/cursor.c"
CANARY = Path(tempfile.gettempdir()) / f"redteam-canary-{os.getpid()}"
OUTPUTS = {}     # folder -> what grade_all printed for it

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

# Lab 3.2: print in a loop, which would fill the log (the grader's disk)
# until the time limit.
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


# Hidden tests (issue 22): lab 5.1's #UD report made from the hidden
# variant's own expectations, read while the kernel compiles (.incbin of
# lessons/05-exceptions/tests/lab_ud_bytes_hidden.test): it scored full
# marks, with every lab that only the kernel's serial output judges, while
# the hidden files were in the build's sandbox.
EXCEPTIONS = "lessons/05-exceptions/exceptions.c"
REPORT_CODE_STUB = """\
\t(void)frame;
\t(void)sink;
\t(void)context;
}"""
INCBIN_HIDDEN = r"""
	(void)frame;
	for (const char *p = rt_spec; *p; p++) {
		const char *a = p, *b = "\"code at RIP: ";
		while (*b && *a == *b) {
			a++;
			b++;
		}
		if (!*b) {
			const char *e = a;
			while (*e && *e != '"')
				e++;
			sink(context, "code at RIP: ", 13);
			sink(context, a, (size_t)(e - a));
			sink(context, "\n", 1);
			return;
		}
	}
}"""
INCBIN_DECLARATION = r"""
__asm__(".section .rodata\n.global rt_spec\nrt_spec: .incbin "
	"\"lessons/05-exceptions/tests/lab_ud_bytes_hidden.test\"\n.byte 0\n.text");
extern const char rt_spec[];
"""
# ... and the public test's bytes printed as they are: the hidden variant's
# reason must not show the bytes it expected instead.
PUBLIC_BYTES = """
\t(void)frame;
\tformat_to(sink, context, "code at RIP: 0f 0b de ad be ef\\n");
}"""


def hidden_attacks(handout, folder):
    """Submissions that attack the hidden variants of lab 5.1."""
    text = (handout / EXCEPTIONS).read_text()
    if REPORT_CODE_STUB not in text or "static void report_code" not in text:
        fail(f"the attacks on lab 5.1 no longer fit {EXCEPTIONS}")
    head, tail = text.split("static void report_code", 1)
    submission(handout, folder, "incbin_hidden", {EXCEPTIONS: (
        head + INCBIN_DECLARATION + "static void report_code"
        + tail.replace(REPORT_CODE_STUB, INCBIN_HIDDEN.lstrip("\n"), 1),)})
    submission(handout, folder, "public_bytes", {EXCEPTIONS: (
        text.replace(REPORT_CODE_STUB, PUBLIC_BYTES.lstrip("\n"), 1),)})


def hidden_checks(rows):
    """Lab 5.1's hidden attacks earn 0, and no reason quotes a hidden value."""
    spec = (ROOT / "lessons/05-exceptions/tests/lab_ud_bytes_hidden.test").read_text()
    secret = spec.split('"code at RIP: 0f 0b ', 1)[1].split('"', 1)[0]
    checks = [expect_zero(rows, "incbin_hidden", "5.1", "lab_ud_bytes_hidden.test"),
              expect_zero(rows, "public_bytes", "5.1", "hidden variant")]
    for (student, lab), row in rows.items():
        if lab == "5.1" and secret in row["reason"]:
            checks.append(f"{student}: the reason quotes the hidden variant's bytes "
                          f"{secret!r}: {row['reason']!r}")
    return checks


# Host labs (issue 22): four ways to lab 3.1's points with the stub
# untouched, each of which passed the grader's checks of its time.
# 1. The object defines cmocka's own assertion functions, which the linker
#    takes before the library's: no assertion can fail.
CMOCKA_DEFINED = """
void _assert_int_equal(void);
void _assert_true(void);
void _assert_string_equal(void);
void mock_assert(void);
void _assert_int_equal(void) { }
void _assert_true(void) { }
void _assert_string_equal(void) { }
void mock_assert(void) { }
"""
# The next three put a hook first in vga_writer_init(), which every case of
# the test calls. It finds the names of the test's cases -- hidden variant
# included -- in main()'s array of them, up the stack, prints a passing
# verdict for each and exits before the real ones come.
HOOKED_INIT = ("void vga_writer_init(struct vga_writer *w, volatile uint16_t *buffer, "
               "size_t width, size_t height)\n{\n")
FAKE_VERDICTS = """
__attribute__((no_sanitize("address", "undefined")))
static unsigned redteam_names(const char **names, unsigned max)
{
	static const char marker[] = "redteam";
	uintptr_t text = (uintptr_t)redteam_names, data = (uintptr_t)marker;
	uintptr_t *sp = (uintptr_t *)__builtin_frame_address(0);
	for (unsigned start = 0; start < 8192; start++) {
		unsigned n = 0;
		while (n < max) {
			uintptr_t *entry = sp + start + 5 * n;  /* struct CMUnitTest: 5 words */
			uintptr_t name = entry[0], func = entry[1];
			if (name - data + (1ul << 24) > (2ul << 24) ||
			    func - text + (1ul << 24) > (2ul << 24))
				break;
			const char *c = (const char *)name;
			unsigned k = 0;
			while (k < 100 && ((c[k] >= 'a' && c[k] <= 'z') || c[k] == '_' ||
					   (c[k] >= '0' && c[k] <= '9')))
				k++;
			if (k < 3 || c[k] != 0)
				break;
			names[n++] = c;
		}
		if (n >= 2)
			return n;
	}
	return 0;
}
"""
PRINT_VERDICTS = """
	const char *names[64];
	unsigned count = redteam_names(names, 64);
	for (unsigned i = 0; i < count; i++)
		printf("[ RUN      ] %s\\n[       OK ] %s\\n", names[i], names[i]);
	exit(0);
"""
# 2. In the build with the sanitizers only (which was linked), not in the
#    plain object (which was the one inspected): printf and exit.
SANITIZER_ONLY = """
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REDTEAM_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(REDTEAM_SANITIZED)
int printf(const char *format, ...);
void exit(int status);
""" + FAKE_VERDICTS + "static void redteam_hook(void)\n{" + PRINT_VERDICTS + """}
#else
static void redteam_hook(void)
{
}
#endif
"""
# 3. printf and exit as weak references: nm shows "w", not "U".
WEAK_REFERENCES = FAKE_VERDICTS + """
extern int printf(const char *format, ...) __attribute__((weak));
extern void exit(int status) __attribute__((weak));
static void redteam_hook(void)
{""" + PRINT_VERDICTS + "}\n"
# 4. A system call no disassembly shows: 0f 05 c3 (syscall; ret) as the
#    immediate of an imul, reached by a call into the middle of it.
HIDDEN_SYSCALL = FAKE_VERDICTS + """
__attribute__((noinline)) static unsigned long redteam_carrier(unsigned long x)
{
	return x * 0xc3050fUL;
}
static long redteam_syscall(long number, long a, long b, long c)
{
	const unsigned char *p = (const unsigned char *)redteam_carrier;
	while (!(p[0] == 0x0f && p[1] == 0x05 && p[2] == 0xc3))
		p++;
	register long rax __asm__("rax") = number;
	__asm__ volatile("call *%1" : "+r"(rax) : "r"(p), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return rax;
}
static void redteam_hook(void)
{
	static char line[256];
	const char *names[64];
	unsigned count = redteam_names(names, 64);
	for (unsigned i = 0; i < count; i++) {
		unsigned n = 0;
		const char *parts[] = { "[ RUN      ] ", names[i], "\\n[       OK ] ", names[i],
					"\\n" };
		for (unsigned k = 0; k < 5; k++)
			for (const char *c = parts[k]; *c && n < sizeof(line); c++)
				line[n++] = *c;
		redteam_syscall(1, 1, (long)line, n);
	}
	redteam_syscall(231, 0, 0, 0);
}
"""


def host_attacks(handout, folder):
    """Submissions that attack lab 3.1's host test (the four ways above)."""
    text = (handout / VGA).read_text()
    if HOOKED_INIT not in text:
        fail(f"the attacks on lab 3.1 no longer fit {VGA}")

    def hooked(code):
        return (text.replace(HOOKED_INIT, "static void redteam_hook(void);\n" + HOOKED_INIT
                             + "\tredteam_hook();\n", 1) + code,)
    submission(handout, folder, "defines_cmocka", {VGA: CMOCKA_DEFINED})
    submission(handout, folder, "sanitizer_only", {VGA: hooked(SANITIZER_ONLY)})
    submission(handout, folder, "weak_references", {VGA: hooked(WEAK_REFERENCES)})
    submission(handout, folder, "hidden_syscall", {VGA: hooked(HIDDEN_SYSCALL)})


def host_checks(rows):
    """Each of the four earns 0, refused for what it is (or, for the code the
    grader never compiles, left with the stub's failures)."""
    return [expect_zero(rows, "defines_cmocka", "3.1", "defines _assert_int_equal"),
            expect_zero(rows, "sanitizer_only", "3.1", "failed: host/"),
            expect_zero(rows, "weak_references", "3.1", "uses a weak printf", "uses a weak exit"),
            expect_zero(rows, "hidden_syscall", "3.1", "bytes of a system call")]


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
    """One hash of every file under paths (names, link targets and contents).

    The contents of a file are read once per inode: a submission's files
    are hard links to the handout's (submission()), so one read serves
    every folder's copy of a file, and a write through any of them still
    changes the sum (that inode's contents are in every name's record)."""
    h = hashlib.sha256()
    contents = {}       # (device, inode) -> the hash of that file's bytes
    for path in paths:
        for top, dirs, files in sorted(os.walk(path)):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(top, name)
                h.update(full.encode())
                info = os.lstat(full)
                if stat.S_ISLNK(info.st_mode):
                    h.update(os.readlink(full).encode())
                elif stat.S_ISREG(info.st_mode):
                    inode = (info.st_dev, info.st_ino)
                    if inode not in contents:
                        with open(full, "rb") as f:
                            contents[inode] = hashlib.sha256(f.read()).digest()
                    h.update(contents[inode])
    return h.hexdigest()


def submission(handout, folder, name, edits):
    """A copy of the handout with edits {path: text to append, or (text,) to replace}.

    Its files are hard links to the handout's, an edited one a new file: the
    grader takes a folder's files by their contents, and real copies would
    be some 16,000 new files, each a new inode, which is dear where many
    were just deleted (ext4 looking for a free inode was a fifth of this
    suite's CPU samples under perf). A write through a link would change
    every folder's digest."""
    tree = folder / name
    shutil.copytree(handout, tree, symlinks=True, copy_function=os.link)
    for path, text in edits.items():
        target = tree / path
        target.parent.mkdir(parents=True, exist_ok=True)
        old = target.read_text() if target.exists() and not isinstance(text, tuple) else ""
        target.unlink(missing_ok=True)
        target.write_text(text[0] if isinstance(text, tuple) else old + text)
    return tree


# The archives below attack the intake with their members, never with their
# compression: gzip's fastest level, not its default 9 (a second of this
# suite's CPU, for every mode).
GZIP_LEVEL = 1


def bad_archives(handout, folder):
    """Archives that try to write outside their folder, or link to the instructor's tree."""
    def add_text(tar, name, text):
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(folder / "dotdot.tar.gz", "w:gz", compresslevel=GZIP_LEVEL) as tar:
        tar.add(handout, arcname="submission")
        add_text(tar, f"../../{CANARY.name}", "written outside the folder\n")
    with tarfile.open(folder / "symlink.tar.gz", "w:gz", compresslevel=GZIP_LEVEL) as tar:
        tar.add(handout, arcname="submission",
                filter=lambda info: None if info.name == f"submission/{VGA}" else info)
        info = tarfile.TarInfo(f"submission/{VGA}")
        info.type = tarfile.SYMTYPE
        info.linkname = str(ROOT / VGA)        # the instructor's solution
        tar.addfile(info)


# ---------------------------------------------------------------------------
# Intake: archives that are not plain files and folders (issue 22), and a
# batch that must survive them. Built on the full tree (solutions in place),
# so that any of them that got through would score the lab's points.

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[1;1H165 of 165 points"


def tar_member(tar, name, data=b"", kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


class Zeros(io.RawIOBase):
    """size zero bytes, read without holding them: a bomb's one member."""
    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def intake_archives(handout, folder, full):
    """Archives that attack the unpacking itself; full is the course's tree."""
    # a -> ., a/b -> .., a/b/c -> ..: each link "stays inside" on its own; in
    # the grader's scratch folder (/tmp/X/tree) together they reach /tmp.
    up = "a/b/c"
    chain = [("a", "."), ("a/b", ".."), (up, "..")]
    sources = handout_tool.source_files(full)
    with tarfile.open(folder / "link_chain.tar.gz", "w:gz", compresslevel=GZIP_LEVEL) as tar:
        tar.add(handout, arcname=".")
        for name, target in chain:
            tar_member(tar, name, kind=tarfile.SYMTYPE, linkname=target)
        tar_member(tar, f"{up}/{CANARY.name}", b"written outside the folder\n")
    with tarfile.open(folder / "hard_link.tar.gz", "w:gz", compresslevel=GZIP_LEVEL) as tar:
        tar.add(handout, arcname=".", filter=lambda i: None if i.name == f"./{VGA}" else i)
        for name, target in chain:      # ... and the instructor's solution, hard-linked
            tar_member(tar, name, kind=tarfile.SYMTYPE, linkname=target)
        tar_member(tar, VGA, kind=tarfile.LNKTYPE, linkname=f"{up}/..{ROOT / VGA}")
    with tarfile.open(folder / "bomb.tar.gz", "w:gz", compresslevel=GZIP_LEVEL) as tar:
        for name in sources:
            tar.add(full / name, arcname=f"submission/{name}")
        info = tarfile.TarInfo("submission/zeros.bin")
        info.size = 40 << 20
        tar.addfile(info, io.BufferedReader(Zeros(info.size)))
    with tarfile.open(folder / "count_bomb.tar.gz", "w:gz", compresslevel=GZIP_LEVEL) as tar:
        for name in sources:
            tar.add(full / name, arcname=f"submission/{name}")
        for i in range(2500):
            tar_member(tar, f"submission/many/{i}")
    with tarfile.open(folder / "escape_name.tar.gz", "w:gz", compresslevel=GZIP_LEVEL) as tar:
        for name in sources:
            tar.add(full / name, arcname=f"submission/{name}")
        tar_member(tar, f"submission/{ESCAPES}/../../../x", b"x")
    data = (folder / "good.tar.gz").read_bytes()
    (folder / "truncated.tar.gz").write_bytes(data[:len(data) // 2])
    with zipfile.ZipFile(folder / "good_zip.zip", "w", zipfile.ZIP_DEFLATED,
                         compresslevel=GZIP_LEVEL) as archive:
        for name in sources:
            archive.write(full / name, f"submission/{name}")


def intake_checks(rows, outputs, work):
    """Every intake attack scores 0, names what was refused, and shows no raw escape."""
    checks = [
        expect_zero(rows, "link_chain", "3.1", "symbolic link"),
        expect_zero(rows, "hard_link", "3.1", "link"),
        expect_zero(rows, "bomb", "3.1", "MiB once unpacked"),
        expect_zero(rows, "count_bomb", "3.1", "more than 2000"),
        expect_zero(rows, "truncated", "3.1", "cannot read the archive"),
        expect_zero(rows, "escape_name", "3.1", "control"),
        expect_full(rows, "good_zip", "3.1"),
    ]
    shown = "".join(outputs.values()).encode()
    shown += b"".join(p.read_bytes() for p in work.glob("*.csv"))
    shown += b"".join(p.read_bytes() for p in work.glob("*-feedback/*.txt"))
    if b"\x1b" in shown or b"\x07" in shown:
        checks.append("a raw escape character reached the terminal, a CSV or a feedback file")
    else:
        print("ok    no raw escape character in the output, the CSVs or the feedback files")
    return checks


def outside_lab_files(handout, folder):
    """Lab 3.2 done in a file that is not the lab's: the build list swaps the
    stub's cursor.c for the student's own my_cursor.c (a plain assignment, which
    the old build-list check let through). Only the lab's files count."""
    mk = (handout / "lessons/03-vga-text/build.mk").read_text()
    submission(handout, folder, "build_list_swap", {
        "lessons/03-vga-text/build.mk": (mk.replace("lessons/03-vga-text/cursor.c",
                                                     "lessons/03-vga-text/my_cursor.c"),),
        "lessons/03-vga-text/my_cursor.c": ((ROOT / CURSOR).read_text(),)})


def outside_lab_files_checks(rows, work):
    checks = [expect_zero(rows, "build_list_swap", "3.2", "not implemented", "failed")]
    text = (work / "boot-feedback" / "build_list_swap.txt").read_text()
    if "ignored: 2 files" not in text:
        checks.append(f"build_list_swap: the feedback does not say what was ignored:\n{text}")
    else:
        print("ok    build_list_swap  feedback: " + text.split("ignored: ", 1)[1].split(":")[0])
    return checks


def grade_all(folder, out, labs, build, cc, parallel):
    command = [PYTHON, "tools/grade_all.py", "--dir", str(folder), "--out", str(out),
               "--build", build, "--cc", cc, "--timeout", "240", "--parallel", str(parallel)]
    cache = ROOT / "build" / "labs-ccache"      # filled by tests/labs/handout.sh, if it ran
    if cache.is_dir() and shutil.which("ccache"):
        command += ["--ccache", str(cache)]
    for lab in labs:
        command += ["--lab", lab]
    command += ["--feedback", f"{out.with_suffix('')}-feedback"]
    OUTPUTS[folder] = run(command)
    print(OUTPUTS[folder], end="")
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


# Another grader's folders (issue 22, the setpriv mode): without a mount
# namespace the sandbox sees /tmp, where the grader stages each lab. A run
# of another grading process (another submission's) tries to list and read
# what this process staged: a host lab's stage (the course's solutions and
# hidden tests, the student's source), a hidden test kernel's compile copy,
# and a grading tree this process's sandbox has bound. Before the fix the
# stage was 0755 throughout and a grading tree open to all: each cat worked.
STAGED_MARK = "LAB 3.1"       # a line of the course's vga.c (its solution)


def other_grader_attacks():
    """What one grading process stages in /tmp is out of another's reach."""
    sys.path.insert(0, str(ROOT / "tools"))
    from grader import hidden, host_labs, tree as tree_module  # noqa: E402
    from grader.runs import Setup, admit_tree  # noqa: E402
    problems = []
    setup = Setup(tree=ROOT, build=ROOT / "build", cc="cc", jobs=1)
    stage = Path(tempfile.mkdtemp(prefix="grade-host-"))
    os.chmod(stage, 0o711)                  # as host_labs.run_host makes it
    private = Path(tempfile.mkdtemp(prefix="grade-hidden-src-"))
    os.chmod(private, 0o711)                # as hidden.link_image makes it
    work = Path(tempfile.mkdtemp(prefix="grade-all-"))
    os.chmod(work, 0o711)                   # as batch.grade_one opens it
    try:
        name = "test_lab_vga_control"
        host_labs._stage(setup, host_labs.host_sources(name),
                         host_labs.variants(name, "3.1"), stage)
        hidden.compile_inputs(ROOT, "03-vga-text", "lab_cursor", private / "course")
        # A grading tree as the batch makes it (grader.tree), before and
        # after this grader opens it to its own runs (grader.runs).
        base, unpacked = work / "base", work / "submission"
        (base / "lessons/03-vga-text").mkdir(parents=True)
        (unpacked / "lessons/03-vga-text").mkdir(parents=True)
        (unpacked / VGA).write_text(f"/* {STAGED_MARK}: the student's work */\n")
        tree = work / "tree"
        tree_module.build_tree(base, unpacked, tree, {"3.1": [VGA]})
        targets = [stage / "course" / "r0.c", stage / "student" / "s0.c",
                   private / "course/lessons/03-vga-text/tests/lab_cursor_hidden.c",
                   tree / VGA]
        shell = ("for f in %s; do cat $f > /dev/null 2>&1 && echo READ $f; done; "
                 "for d in %s %s %s; do ls $d > /dev/null 2>&1 && echo LISTED $d; done; "
                 "echo attack-ran" % (" ".join(map(str, targets)), stage, private, work))
        script = ("import sys; sys.path.insert(0, 'tools'); import sandbox; "
                  f"print(sandbox.run(['sh', '-c', {shell!r}], [], '/').output)")
        for when in ("as soon as the batch built it", "once its grader opened it"):
            attack = subprocess.run([PYTHON, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
            leaked = [line for line in attack.stdout.splitlines()
                      if line.startswith(("READ ", "LISTED "))]
            if leaked or "attack-ran" not in attack.stdout:
                problems.append(f"another grader's run listed or read what this one staged "
                                f"({when}): " + ("; ".join(leaked) or attack.stdout[-600:]))
            else:
                print("ok    another grader's run could not list or read this one's host-lab "
                      f"stage, hidden-test compile copy or grading tree ({when})")
            setup.tree = tree
            admit_tree(setup)
        own = sandbox.run(["cat", str(tree / VGA)], [sandbox.ro(tree)], tree)
        if STAGED_MARK not in own.output:
            problems.append(f"the grading tree is closed to its own grader's runs: {own.output}")
    finally:
        for folder in (stage, private, work):
            shutil.rmtree(folder, ignore_errors=True)
    return problems


def ccache_attacks():
    """The lab ccache that the sandboxed builds read (grader.runs.ccache_view;
    in the setpriv mode a view of hard links, since the course tree that
    holds it is closed while it grades): a run reads it, and cannot write,
    replace or add a file, which every later submission's build would use."""
    cache = ROOT / "build" / "labs-ccache"      # filled by tests/labs/handout.sh, if it ran
    if not cache.is_dir():
        print(f"skip  the lab ccache: no {cache} (tests/labs/handout.sh fills it)")
        return []
    from grader import runs  # noqa: E402
    view = runs.ccache_view(cache)
    files = sorted(p for p in view.rglob("*") if p.is_file())[:3]
    if not files:
        return [f"the lab ccache: no file in the sandbox's view of it ({view})"]
    before = digest([cache])
    shell = ("cat %s > /dev/null && echo READ; for f in %s; do echo x >> $f && echo WROTE; "
             "rm -f $f && echo REMOVED; done; touch %s/new && echo ADDED"
             % (files[0], " ".join(map(str, files)), files[0].parent))
    done = sandbox.run(["sh", "-c", shell], [sandbox.ro(view)], "/")
    if "READ" not in done.output:
        return [f"the lab ccache: a sandboxed build cannot read it ({view}): {done.output}"]
    if any(w in done.output for w in ("WROTE", "REMOVED", "ADDED")) or digest([cache]) != before:
        return [f"the lab ccache: a sandboxed run changed it ({view}): {done.output}"]
    print("ok    the lab ccache: a sandboxed run reads it, and cannot write, remove or add "
          "a file of it")
    return []


# Values of the hidden variants graded below (3.2, 5.1, 8.1), which no
# process's command line may hold (redteam_procs.CommandLineSpy): as the
# hidden file writes each, then in the forms a report would print it.
HIDDEN_WORDS = {"lessons/03-vga-text/tests/lab_cursor_hidden.c": ["wxyz1"],
                "lessons/05-exceptions/tests/lab_ud_bytes_hidden.c":
                    ["0x5a, 0x00, 0xc3, 0x91", "5a 00 c3 91"],
                "lessons/08-paging/tests/lab_unmap_hidden.c": ["7f5a3c2e1000"]}


def hidden_words():
    """HIDDEN_WORDS' values, each checked to be still in its hidden file."""
    for name, words in HIDDEN_WORDS.items():
        if words[0] not in (ROOT / name).read_text():
            fail(f"{name} no longer holds {words[0]!r}: update HIDDEN_WORDS")
    return [word for words in HIDDEN_WORDS.values() for word in words]


def main():
    # run_tests.py gives an absolute path; each submission builds into its
    # own tree, in the directory of the same name.
    build = f"build/{Path(sys.argv[1] if len(sys.argv) > 1 else 'build/gcc').name}"
    cc = "clang" if Path(build).name == "clang" else "cc"
    # The course's own Python, run as root, would refresh a stale .pyc under
    # tools/ during the run, and the digest below would take that for an
    # attack: nothing of ours writes bytecode, so any change is the graded
    # code's.
    sys.dont_write_bytecode = True
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    problems = sandbox_attacks()
    problems += other_grader_attacks()
    problems += ccache_attacks()
    problems += redteam_procs.concurrent_run_attacks()
    problems += redteam_procs.killed_run_leftovers()
    problems += redteam_kernels.check(build)
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
        intake_archives(handout, host, ROOT)
        outside_lab_files(handout, boot)
        host_attacks(handout, host)
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

        secrets = work / "hidden"     # attacks on lab 5.1's hidden variant
        secrets.mkdir()
        shutil.copy(host / "good.tar.gz", secrets / "good.tar.gz")
        hidden_attacks(handout, secrets)

        watched = [ROOT / "tools", ROOT / "tests", ROOT / "Makefile", host, boot, paging,
                   secrets]
        before = digest(watched)
        names = {entry.name.split(".")[0] for folder in (host, boot, paging, secrets)
                 for entry in folder.iterdir()}
        spy = redteam_procs.CommandLineSpy(work, sorted(n for n in names if len(n) >= 6)
                                           + hidden_words()).start()
        # Two folders at a time, two submissions at a time in each: make
        # test runs this beside its other tests, on two CPUs, and the time
        # limits the attacks on lab 3.2 run into are counted on the guest's
        # clock, in work, not in waiting. The longest batch (lab 3.2's)
        # starts first, the others follow each other beside it.
        rows = {}
        with ThreadPoolExecutor(max_workers=2) as pool:
            graded = [pool.submit(grade_all, folder, work / f"{folder.name}.csv", [lab],
                                  build, cc, 2)
                      for folder, lab in ((boot, "3.2"), (host, "3.1"), (paging, "8.1"),
                                          (secrets, "5.1"))]
            for future in graded:
                rows.update(future.result())
        problems += spy.finish()
        after = digest(watched)

        checks = [
            expect_full(rows, "good", "3.1"),
            expect_zero(rows, "build_mk_shell", "3.1", "build.mk refused", "make function",
                        "failed: host/"),
            expect_zero(rows, "mk_shell", "3.1", "not implemented", "failed: host/"),
            expect_zero(rows, "constructor", "3.1", "stdio.h: No such file",
                        "'stdio.h' file not found", "constructor"),
            expect_zero(rows, "hosted_constructor", "3.1", "not implemented", "failed: host/"),
            expect_zero(rows, "exits_early", "3.1", "bytes of a system call"),
            # gcc says "No such file or directory", clang "file not found"; both
            # "Permission denied" in the sandbox's setpriv mode (no namespaces).
            expect_zero(rows, "reads_instructor", "3.1", "No such file", "file not found",
                        "Permission denied"),
            expect_zero(rows, "reads_other", "3.1", "No such file", "file not found",
                        "Permission denied"),
            expect_zero(rows, "symlink_dir", "3.1", "link to outside", "symbolic link"),
            expect_zero(rows, "dotdot", "3.1", "unsafe", "outside", "'..'"),
            expect_zero(rows, "symlink", "3.1", "link", "unsafe"),
            expect_full(rows, "good", "3.2"),
            expect_zero(rows, "fake_marker", "3.2", "screen", "hang"),
            # The hidden variant names the step that failed, not its values.
            expect_zero(rows, "lying_cursor", "3.2", "a cursor step"),
            # Stopped as soon as its output passes the runner's limit, not at
            # the time limit: the reason is the verdict's own.
            expect_zero(rows, "endless_serial", "3.2", "too much output"),
            expect_full(rows, "good", "8.1"),
            # The kernel says [ok]; the host's own walk of the page tables says no.
            expect_zero(rows, "fake_ok", "8.1", "the host walked the guest's page tables"),
            # Right for the public test's page only: the hidden variant's differs.
            expect_zero(rows, "hard_coded", "8.1", "hidden variant"),
            *host_checks(rows),
            expect_full(rows, "good", "5.1"),
            *hidden_checks(rows),
        ]
        checks += intake_checks(rows, OUTPUTS, work)
        checks += redteam_gradescope.check(host, work, CANARY)
        checks += outside_lab_files_checks(rows, work)
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
