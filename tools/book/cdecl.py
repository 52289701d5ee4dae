"""What a C header declares: its functions (for the api check) and every
name a link in the text may point at (for the links check). A reader of C
good enough for the course's headers, not a parser of all C."""

import re
from pathlib import Path

from .pages import ROOT

NOT_FUNCTIONS = {"sizeof", "_Static_assert", "static_assert", "__attribute__", "asm",
                 "__asm__", "_Alignas", "alignas", "typeof", "__typeof__"}


def strip_c(text):
    """C text without comments, string literals and preprocessor lines; the
    line structure is kept so that offsets still give line numbers."""
    def blank(match):
        return re.sub(r"[^\n]", " ", match.group(0))
    text = re.sub(r"/\*.*?\*/|//[^\n]*|\"(\\.|[^\"\\\n])*\"|'(\\.|[^'\\\n])*'",
                  blank, text, flags=re.S)
    # Preprocessor lines, with their backslash continuations.
    return re.sub(r"(?m)^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", blank, text)


def remove_attributes(statement):
    """Drop __attribute__((...)) groups, which look like calls."""
    while True:
        start = statement.find("__attribute__")
        if start < 0:
            return statement
        depth, i = 0, statement.find("(", start)
        if i < 0:
            return statement[:start]
        for j in range(i, len(statement)):
            depth += {"(": 1, ")": -1}.get(statement[j], 0)
            if depth == 0:
                break
        statement = statement[:start] + " " + statement[j + 1:]


def function_name(statement):
    """The function a file-scope declaration or definition head declares, or None."""
    statement = " ".join(remove_attributes(statement).split())
    if statement.startswith("typedef"):
        return None
    match = re.match(r"^(.*?)\b([A-Za-z_]\w*)\s*\(", statement)
    if not match:
        return None
    prefix, name = match.group(1), match.group(2)
    if name in NOT_FUNCTIONS or not re.search(r"[A-Za-z_]", prefix):
        return None     # a macro call, an assertion, a function pointer
    if "=" in prefix:
        return None     # an initialised variable
    return name


def declared_functions(path):
    """[(line, name)] for every function a header declares or defines."""
    text = strip_c(Path(path).read_text(errors="replace"))
    found = []
    depth = parens = 0
    start = 0           # offset where the current statement began
    for i, ch in enumerate(text):
        if depth > 0:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    start = i + 1
            continue
        if ch == "(":
            parens += 1
        elif ch == ")":
            parens -= 1
        elif parens == 0 and ch in ";{":
            name = function_name(text[start:i])
            if name:
                offset = start + re.search(r"\b" + name + r"\s*\(", text[start:i]).start()
                found.append((text.count("\n", 0, offset) + 1, name))
            start = i + 1
            if ch == "{":
                depth = 1
    return found


def declared_symbols():
    """Names a link may point at besides pages: headers and what they declare."""
    names = set()
    headers = list((ROOT / "common").rglob("*.h")) + list((ROOT / "lessons").glob("*/*.h"))
    for header in headers:
        names.add(header.name)
        raw = header.read_text(errors="replace")
        text = strip_c(raw)
        names.update(name for _, name in declared_functions(header))
        names.update(re.findall(r"\b(?:struct|union|enum)\s+([A-Za-z_]\w*)", text))
        names.update(re.findall(r"\b([A-Za-z_]\w*)\s*;", text))          # typedefs, variables
        names.update(re.findall(r"\b([A-Z_][A-Z0-9_]*)\b", text))        # enumerators
        names.update(re.findall(r"(?m)^\s*#\s*define\s+([A-Za-z_]\w*)", raw))
    return names
