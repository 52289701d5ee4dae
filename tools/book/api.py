"""api: every function declared in a lesson's own headers (lessons/NN-name/*.h,
static inline ones included) is mentioned in that lesson's chapter as
``name()``, outside code blocks. Doxygen turns such a mention into a link to
the function's documentation, so every function a lesson adds gets at least
one sentence in the text and one way into the API reference."""

import re

from .cdecl import declared_functions
from .pages import lesson_dirs, rel, split_blocks


def check():
    """[problem] for each public function its chapter never names."""
    problems = []
    for lesson in lesson_dirs():
        functions = [(h, line, name) for h in sorted(lesson.glob("*.h"))
                     for line, name in declared_functions(h)]
        chapter = lesson / "README.md"
        if not chapter.exists():
            print(f"note: {rel(chapter)} does not exist yet: its {len(functions)} "
                  f"public functions are not checked")
            continue
        prose, _ = split_blocks(chapter.read_text(errors="replace"))
        text = "\n".join(line for _, line in prose)
        for header, line, name in functions:
            if not re.search(r"(?<![\w.>])" + re.escape(name) + r"\(\)", text):
                problems.append(f"{rel(header)}:{line}: {name}() is public but {rel(chapter)} "
                                f"never mentions {name}()")
    return problems
