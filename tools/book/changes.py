"""What each lesson changes: the files its kernel adds to, replaces in and
removes from the lesson it builds on, from the build lists as the Makefile
expands them (``make lesson N sources``), so the box and the build cannot
disagree. A file of the base's list whose name comes back from another
directory is *replaced*; each file is described by the first sentence of
its opening comment. make snippets writes the box between BOX_START and
BOX_END (rewrite_box()); make lesson N changes prints it with the diffs.
"""

import difflib
import os
import re
import subprocess
from pathlib import Path

from .pages import ROOT, lesson_dirs, rel

from .pages import BOX_END, BOX_START  # noqa: E402,F401  (the prose checks skip the box)

NOT_AN_END = re.compile(r"\b(vol|e\.g|i\.e|cf|etc|no)\.$")


def make_env():
    """The environment for a make run from inside another (make lesson N changes)."""
    env = dict(os.environ, LC_ALL="C")
    for name in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"):
        env.pop(name, None)
    return env


def build_list(lesson):
    """[file] of LESSON's kernel as make expands its build list: the sources,
    MAIN and KTEST_MAIN, then the headers of the lesson's own directory."""
    result = subprocess.run(["make", "-s", "--no-print-directory", "sources", f"LESSON={lesson}"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=make_env(), check=False)
    if result.returncode:
        raise RuntimeError(f"make sources LESSON={lesson}: {result.stderr.strip()}")
    files = [line.split(" = ")[-1] for line in result.stdout.split("\n") if line.strip()]
    headers = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "lessons" / lesson).glob("*.h"))
    return files + headers


def base_of(lesson):
    """The lesson LESSON's build.mk builds on, or None."""
    text = (ROOT / "lessons" / lesson / "build.mk").read_text(errors="replace")
    match = re.search(r"(?m)^BASE\s*:?=\s*(\S+)", text)
    return match.group(1) if match else None


def changes(lesson):
    """(base lesson or None, [(kind, old file or None, new file or None)])."""
    base = base_of(lesson)
    now = build_list(lesson)
    before = build_list(base) if base else []
    if base:    # headers of earlier lessons stay visible: only the base's list can go
        before += [f for d in lesson_dirs() if d.name < lesson
                   for f in map(lambda p: str(p.relative_to(ROOT)), sorted(d.glob("*.h")))
                   if f not in before]
    new = [f for f in now if f not in before]
    # A header right after its .c file, the rest at the end.
    new = sorted(new, key=lambda f: next((i for i, g in enumerate(new)
                                          if g[:-2] == f[:-2] and g.endswith(".c")),
                                         new.index(f)) + (0.5 if f.endswith(".h") else 0))
    gone = [f for f in before if f not in now and not f.endswith(".h")]
    by_name = {os.path.basename(f): f for f in gone}
    result, replaced = [], set()
    for f in new:
        old = by_name.get(os.path.basename(f))
        if old:
            replaced.add(old)
        result.append(("replaced", old, f) if old else ("added", None, f))
    result += [("removed", f, None) for f in gone if f not in replaced]
    return base, result


def first_sentence(path):
    """The first sentence of a file's opening comment (C, NASM or Python)."""
    if path.startswith("build/"):
        rule = re.search(r"(?m)^" + re.escape(path) + r":\s*(tools/\S+)",
                         (ROOT / "Makefile").read_text(errors="replace"))
        return (f"made by the build with {rule.group(1)}, not kept in the repository."
                if rule else "made by the build, not kept in the repository.")
    words = []
    for line in (ROOT / path).read_text(errors="replace").splitlines():
        text = re.sub(r'^\s*(/\*\*?|\*/|\*|//|;+|#!.*|#|""")', "", line).strip()
        text = text.removesuffix("*/").removesuffix('"""').strip()
        if text in ("", "@file") or text.startswith("SPDX"):
            if words:
                break
            continue
        words.append(text)     # the whole first paragraph of the comment
    sentence = " ".join(words).replace("\\#", "#")     # Doxygen's escape
    for end in re.finditer(r"[.!?](?=\s|$)", sentence):
        head = sentence[:end.end()]
        if not NOT_AN_END.search(head) and head.count("(") == head.count(")"):
            break
    else:
        head = sentence
    # A long sentence: only its head, up to its first colon.
    return head.split(": ")[0] + "." if len(head) > 140 and ": " in head else head


def escaped(text):
    """Text safe in a markdown list on a repository browser and in Doxygen:
    outside its `code spans`, # escaped (a link for Doxygen) and < > as entities."""
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(part if part.startswith("`") else
                   part.replace("#", "\\#").replace("<", "&lt;").replace(">", "&gt;")
                   for part in parts)


def box(lesson):
    """The lines of LESSON's box, markers included."""
    base, found = changes(lesson)
    number = lesson[:2]
    if base:
        against = (f"what its kernel changes in the files of lesson {base[:2]}; "
                   f"`make lesson {int(number)} changes` prints the list with the diff of "
                   f"each replaced file")
    else:
        against = (f"the files its kernel is built from; `make lesson {int(number)} changes` "
                   f"prints the list")
    here = f"lessons/{lesson}/"
    lines = [BOX_START, f"**Files of this lesson.** {against[0].upper()}{against[1:]} "
             f"(a name without a folder is in `{here}`):", ""]

    def short(path):
        return path[len(here):] if path.startswith(here) else path
    for kind, old, new in found:
        what = f"`{short(old)}` by `{short(new)}`" if kind == "replaced" \
            else f"`{short(new or old)}`"
        about = "" if kind == "removed" else ": " + escaped(first_sentence(new))
        lines.append(f"- {kind} {what}{about}")
    if not found:
        lines.append("- nothing: the kernel is built from the same files")
    return lines + ["", BOX_END]


def lesson_of_page(page):
    """The lesson directory's name if PAGE is a chapter, else None."""
    page = Path(page).resolve()
    return page.parent.name if page.name == "README.md" and page.parent.parent == \
        ROOT / "lessons" else None


def rewrite_box(page, text, check):
    """(TEXT with its chapter's box written afresh, [problems]); a page that
    is no chapter is left alone. With CHECK, a box that differs is a problem."""
    lesson = lesson_of_page(page)
    if lesson is None:
        return text, []
    lines = text.split("\n")
    if BOX_START not in lines or BOX_END not in lines:
        return text, [f"{rel(page)}:1: the chapter has no \"Files of this lesson\" box: put the "
                      f"two lines {BOX_START} and {BOX_END} where it goes and run make snippets"]
    start, end = lines.index(BOX_START), lines.index(BOX_END)
    old, new = lines[start:end + 1], box(lesson)
    if check and old != new:
        diff = list(difflib.unified_diff(old, new, "book", "build lists", lineterm="", n=0))
        return text, [f"{rel(page)}:{start + 1}: the box of files differs from the build lists; "
                      f"run make snippets\n" + "\n".join("    " + d for d in diff[2:14])]
    return "\n".join(lines[:start] + new + lines[end + 1:]), []


def report(lesson):
    """The text of make lesson N changes: the list, then each replaced file's diff."""
    base, found = changes(lesson)
    out = [f"lesson {lesson}" + (f", against lesson {base}:" if base else ":")]
    out += [f"  {kind:8} {old + ' -> ' + new if kind == 'replaced' else new or old}"
            for kind, old, new in found]
    for kind, old, new in found:
        if kind == "replaced":
            before = (ROOT / old).read_text(errors="replace").splitlines()
            after = (ROOT / new).read_text(errors="replace").splitlines()
            out += [""] + list(difflib.unified_diff(before, after, old, new, lineterm=""))
    return "\n".join(out)
