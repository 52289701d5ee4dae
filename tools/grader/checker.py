"""A host lab's checker: what the test program observed, against what the
grader expects.

The test program that runs the student's code prints, through
tests/labs/observe.h, cmocka's "[ RUN      ] CASE" lines and one "@obs
LINE<TAB>EXPRESSION<TAB>VALUE" line for each assertion: what the student's
code produced, never what was expected. Only this module, on the host,
holds the expected observations (tests/labs/expected/, and
tests/labs/hidden/ for the hidden variants) and compares.
"""

from pathlib import Path

from .runs import ROOT

CRASH = "[  ERROR   ] --- Test failed with exception: "     # cmocka's words for a signal
CRASHED = "0\tcrash\t"      # the observation that stands for them


def observations(text):
    """[(case, [observation, ...])] from a test program's output: cmocka's
    "[ RUN      ] NAME" lines and observe.h's "@obs" lines, in order."""
    cases = []
    for line in text.splitlines():
        if line.startswith("[ RUN      ] "):
            cases.append((line[13:].strip(), []))
        elif line.startswith("@obs ") and cases:
            cases[-1][1].append(line[5:])
        elif line.startswith(CRASH) and cases:     # cmocka caught a signal: say so
            cases[-1][1].append(CRASHED + line[len(CRASH):].strip())
    return cases


def expected_text(output):
    """What --record-expected keeps of a run: the cases and observations."""
    return "".join(f"[ RUN      ] {case}\n" + "".join(f"@obs {o}\n" for o in seen)
                   for case, seen in observations(output))


def compare(label, test_file, got, wanted, is_hidden, how):
    """None if got has every case of wanted with the same observations, else
    why not: each failing case with its first difference (a hidden
    variant's: only which case, never a value)."""
    cases = dict(got)
    failing = []     # one line each: the case and its first difference
    if len(cases) != len(got):      # cmocka runs each case once: a repeat was forged
        return f"failed: {label}: a case ran twice: the output is not the test's own"
    for number, (case, expected) in enumerate(wanted, 1):
        seen = cases.get(case)
        if is_hidden:       # (a crash's line only words a reason: never part of a verdict)
            kept = None if seen is None else [o for o in seen if not o.startswith(CRASHED)]
            if kept is None or list(map(_what, kept)) != list(map(_what, expected)):
                stopped = " (it never ran: the program stopped)" if seen is None else ""
                failing.append(f"case {number} of {len(wanted)}{stopped}")
            continue
        if seen is None:
            failing.append(f"{case}: never ran (the program stopped: {how})")
            continue
        for k, want in enumerate(expected):
            have = seen[k] if k < len(seen) else None
            if have is None or _what(have) != _what(want):
                failing.append(f"{case}: {describe(test_file, have, want)}")
                break
    if not failing:
        return None
    summary = f"failed: {label}: {len(failing)} of {len(wanted)} cases"
    if is_hidden:
        return f"{summary} differ ({', '.join(failing)})"
    return summary + "".join(f"\n  {case}" for case in failing)


def _what(observation):
    """An observation without its line: gcc and clang give a macro spread
    over several lines the line of its first or of its last."""
    return observation.split("\t", 1)[-1]


def describe(test_file, have, want):
    """One observation that differs: the test's line, the expression, the values."""
    where, expression, wanted = (want.split("\t", 2) + ["", ""])[:3]
    place = f"{Path(test_file).relative_to(ROOT)}:{where}"
    if have is None:
        return f"{place}: {expression}: never reached"
    got_where, got_expression, got = (have.split("\t", 2) + ["", ""])[:3]
    if got_expression == "crash":
        return f"{place}: {expression}: never reached: the case crashed ({got})"
    if got_expression == "panic":
        return f"panic: {got}: the case stopped before {place} ({expression}, expected {wanted})"
    if got_expression != expression:
        return (f"{place}: {expression}: never reached; the test went on to line "
                f"{got_where} ({got_expression} is {got})")
    return f"{place}: {expression} is {got}, expected {wanted}"
