"""What goes stale in the pages' outputs, found without running them:
a ``make lesson N test`` summary whose tests no longer match the lesson's
(test_summary_problems), source lines a GDB transcript echoes that differ
from the file today (gdb_problems), and a pasted output with neither an
output tag nor ``<!-- unchecked-output: WHY -->`` (untagged_problems).
"""

import re

from .outputs import OUTPUT_TAG, list_command
from .pages import ROOT, lesson_of, rel, split_blocks
from .snippets import TAG

GDB_PLACE = re.compile(r"(?:\bat |\bfile |\()((?:lessons|common|tools|tests)/[\w./-]+"
                       r"\.(?:c|h|asm|S|ld))(?::|, line )([0-9]+)\b")
GDB_ECHO = re.compile(r"^([0-9]+)\t(.*)$")
UNCHECKED_TAG = re.compile(r"^<!--\s*unchecked-output:\s*(.*?)\s*-->$")


def test_summary_problems(where, lesson, body, outputs):
    """What is stale in the block of `make lesson N test` (see above)."""
    lesson_dir = lesson_of(lesson)
    if lesson_dir is None:
        return [f"{where}: there is no lesson {lesson}"]
    listed, problem, _ = outputs.run(list_command(lesson_dir), 60)
    if problem:
        return [f"{where}: {problem}"]
    problems = []
    expected = {line.split()[0] for line in listed if line.startswith(lesson_dir + "/")}
    results = [line.split() for line in body if re.match(r"^(PASS|FAIL)\s", line)]
    shown = {words[1] for words in results if words[1].count("/") == 1}
    for name in sorted(expected - shown):
        problems.append(f"{where}: the lesson has the test {name}, the block does not show it")
    for name in sorted(shown - expected):
        problems.append(f"{where}: the block shows {name}, which is no test of the lesson")
    # An in-kernel test is a KTEST(name), or a test kernel that prints its
    # own "name ... [ok]" line (lessons/*/tests/*.c, matched by a .test).
    words = set()
    for path in list((ROOT / "lessons").rglob("*.c")) + list((ROOT / "common").rglob("*.c")) \
            + list((ROOT / "lessons").glob("*/tests/*.test")):
        words.update(re.findall(r"\w+", path.read_text(errors="replace")))
    for result in results:
        if result[1].count("/") == 2 and result[1].split("/")[2] not in words:
            problems.append(f"{where}: the block shows {result[1]}, but no test of that "
                            f"name is left in the sources")
        if result[0] != "PASS":
            problems.append(f"{where}: the block shows a failing test: {' '.join(result)}")
    total = [line for line in body if re.match(r"^[0-9]+ passed, [0-9]+ failed$", line)]
    passed = sum(1 for result in results if result[0] == "PASS")
    expected_total = f"{passed} passed, {len(results) - passed} failed"
    if total != [expected_total]:
        problems.append(f"{where}: the total line should say {expected_total} (the lines above "
                        f"it), it says {total[0] if total else 'nothing'}")
    return problems


def gdb_problems(page):
    """[problem] for each source line a GDB session shows wrongly."""
    problems, cache = [], {}
    for _, body, _ in split_blocks(page.read_text(errors="replace"))[1]:
        current = None
        for number, line in body:
            where = f"{rel(page)}:{number}"
            for place in GDB_PLACE.finditer(line):
                path = ROOT / place.group(1)
                if not path.is_file():
                    problems.append(f"{where}: GDB names {place.group(1)}, which does not exist")
                    current = None
                    continue
                cache.setdefault(path, path.read_text(errors="replace").splitlines())
                if int(place.group(2)) > len(cache[path]):
                    problems.append(f"{where}: {place.group(1)} has no line {place.group(2)} "
                                    f"(it has {len(cache[path])})")
                current = path
            echo = GDB_ECHO.match(line)
            if echo and current is not None:
                at, source = int(echo.group(1)), cache[current]
                real = " ".join(source[at - 1].split()) if at <= len(source) else None
                if real != " ".join(echo.group(2).split()):
                    problems.append(f"{where}: GDB shows line {at} of {rel(current)} as "
                                    f"\"{echo.group(2).strip()}\", but that line is now "
                                    f"\"{real}\"; run the session again and paste it")
    return problems


def untagged_problems(page):
    """[problem] for each pasted output that no tag keeps true."""
    problems = []
    for i, body, before in split_blocks(page.read_text(errors="replace"))[1]:
        body = [line.strip() for _, line in body]
        gdb = any(line.startswith("(gdb) ") for line in body)
        shell = any(line.startswith("$ ") and k + 1 < len(body) and body[k + 1]
                    and not body[k + 1].startswith("$ ") for k, line in enumerate(body))
        unchecked = UNCHECKED_TAG.match(before)
        if unchecked and not unchecked.group(1):
            problems.append(f"{rel(page)}:{i - 1}: unchecked-output needs a reason: "
                            f"<!-- unchecked-output: WHY -->")
        elif (gdb or shell) and not (OUTPUT_TAG.match(before) or TAG.match(before) or unchecked):
            problems.append(f"{rel(page)}:{i}: this block shows a command's output "
                            f"({'a (gdb) prompt' if gdb else 'a $ prompt line and what follows it'})"
                            f" but no <!-- output: COMMAND --> tag re-runs it; tag it, or say why "
                            f"it cannot be checked with <!-- unchecked-output: WHY -->")
    return problems
