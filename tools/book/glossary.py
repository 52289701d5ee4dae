"""glossary: every term the chapters, preface and primer set in **bold**
and every abbreviation they use (two or more capitals and digits: MSR,
CR3, IRQs) has an entry in book/glossary.md: a paragraph opening with
``**Term.**`` whose comma-separated parts each count, words in parentheses
left out. Case, a plural "s" and a trailing number (IST1) are ignored; a
run-in heading and a lab's title are no terms; NOT_ABBREVIATIONS lists the
capitals that are none, each with its reason."""

import re

from .pages import ROOT, rel, split_blocks, without_inline_code

NOT_ABBREVIATIONS = {
    "NULL": "C's null pointer constant, not an abbreviation",
    "KTEST": "a macro of lesson 04, explained there and in its header",
    "KTESTs": "the same macro, in the plural",
    "BEGIN": "a lab marker word (LAB 3.1 BEGIN)",
    "STUB": "a lab marker word",
    "END": "a lab marker word",
    "NULLs": "NULL in the plural",
    "AT": "the first half of AT&T, the company (AT&T syntax has its entry)",
}
GLOSSARY_PAGES = ["book/preface.md", "book/primer.md"]     # besides the chapters
ENTRY = re.compile(r"^(?:\*\*(.+?)\.\*\*|<b>(.+?)\.</b>)", re.M)
ABBREVIATION = re.compile(r"(?<![\w./+-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?)(?![\w/+-]|\.\w)")
NOT_A_TERM = re.compile(r"^(Lab |(Previous|Next|Contents|Start reading)\b)")


def term_key(term):
    """A term as the glossary check compares it."""
    term = re.sub(r"\([^)]*\)", "", term.replace("\\", ""))
    term = " ".join(term.lower().replace("-", " ").split())
    return term[:-1] if term.endswith("s") and len(term) > 3 else term


def glossary_terms():
    """The keys of every entry of book/glossary.md."""
    keys = set()
    for match in ENTRY.finditer((ROOT / "book/glossary.md").read_text(errors="replace")):
        title = match.group(1) or match.group(2)
        for part in re.sub(r"\([^)]*\)", "", title).split(","):
            if part.strip():
                keys.add(term_key(part))
    return keys


def terms_of(line):
    """The bold terms and the abbreviations of one prose line."""
    line = without_inline_code(line)
    for match in re.finditer(r"\*\*([^*]+?)\*\*|<b>(.+?)</b>", line):
        term = (match.group(1) or match.group(2)).strip()
        if term.endswith((".", ":", "?")) or NOT_A_TERM.match(term):
            continue
        # CR4.PAE: the PAE bit of CR4; each part needs its entry.
        yield from term.split(".") if re.match(r"^\w+(\.\w+)+$", term) else [term]
    text = re.sub(r"\]\([^)]*\)|<[^>]*>", " ", line)
    for match in ABBREVIATION.finditer(text):
        if match.group(1) not in NOT_ABBREVIATIONS:
            yield match.group(1)


def check():
    """[problem] for each term or abbreviation without an entry (once each)."""
    known = glossary_terms()
    pages = sorted((ROOT / "lessons").glob("*/README.md"))
    pages += [ROOT / name for name in GLOSSARY_PAGES if (ROOT / name).is_file()]
    missing = {}        # key: (term as written, where first used)
    for page in pages:
        prose, _ = split_blocks(page.read_text(errors="replace"))
        for number, raw in prose:
            if raw.lstrip().startswith("<!--"):
                continue
            for term in terms_of(raw):
                forms = {term_key(term), term_key(re.sub(r"[0-9]+$", "", term)),
                         term_key(term.rstrip("s"))}
                if not forms & known:
                    missing.setdefault(term_key(term), (term, f"{rel(page)}:{number}"))
    return [f"{where}: {term} has no entry in book/glossary.md (add **{term}.** and what it "
            f"means)" for term, where in sorted(missing.values(), key=lambda item: item[1])]
