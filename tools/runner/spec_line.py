"""Reading one line of a ``.test`` spec: its words and quoted strings, and
checks of its arguments that name the file and line in their errors.

:mod:`runner.spec` describes the language and turns the lines into steps.
"""


class SpecError(Exception):
    """A .test file could not be understood."""


_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "b": "\b"}


def tokenize(line, lineno, where):
    """Split one spec line into words; a quoted string is one word.

    Returns a list of (is_quoted, text). '#' outside quotes starts a comment.
    """
    tokens = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            i += 1
        elif c == "#":
            break
        elif c == '"':
            i, text = _quoted(line, i + 1, lineno, where)
            tokens.append((True, text))
        else:
            start = i
            while i < n and not line[i].isspace() and line[i] not in '"#':
                i += 1
            tokens.append((False, line[start:i]))
    return tokens


def _quoted(line, i, lineno, where):
    """The string that starts at line[i] (after its quote): (end, text)."""
    text = []
    while True:
        if i >= len(line):
            raise SpecError(f"{where}:{lineno}: unterminated string")
        c = line[i]
        if c == '"':
            return i + 1, "".join(text)
        if c == "\\":
            if i + 1 >= len(line):
                raise SpecError(f"{where}:{lineno}: backslash at end of line")
            mapped = _ESCAPES.get(line[i + 1])
            if mapped is None:
                raise SpecError(f"{where}:{lineno}: unknown escape \\{line[i + 1]}")
            text.append(mapped)
            i += 2
        else:
            text.append(c)
            i += 1


def strip_comment(line):
    """The line without a trailing comment (quotes respected), for messages."""
    in_quotes = escaped = False
    for i, c in enumerate(line):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == '"':
            in_quotes = not in_quotes
        elif c == "#" and not in_quotes:
            return line[:i].strip()
    return line.strip()


class SpecLine:
    """One directive being parsed: its words and where it is, for errors."""

    def __init__(self, where, lineno, word, args):
        self.where, self.lineno, self.word, self.args = where, lineno, word, args

    def error(self, message):
        return SpecError(f"{self.where}:{self.lineno}: {message}")

    def need(self, kinds, what):
        """The argument values; kinds has one letter per argument:
        'w' a plain word, 's' a quoted string."""
        if len(self.args) != len(kinds) or any(
                (k == "s") != quoted for k, (quoted, _) in zip(kinds, self.args)):
            raise self.error(f"usage: {self.word} {what}")
        return [value for _, value in self.args]

    def choice(self, choices, what):
        """The one word argument, which must be one of choices."""
        (value,) = self.need("w", "|".join(choices))
        if value not in choices:
            raise self.error(f"{what} must be {' or '.join(choices)}" if len(choices) == 2
                             else f"{what} must be one of {', '.join(choices)}")
        return value

    def number(self, value, low, high, what):
        """value as an integer (0x... allowed) in low..high."""
        try:
            result = int(value, 0)
        except ValueError:
            raise self.error(f"{what} must be a number, not {value!r}")
        if not low <= result <= high:
            raise self.error(f"{what} must be {low}..{high}")
        return result
