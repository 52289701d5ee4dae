"""The whole book as one HTML file for printing (make book-pdf).

The pages of a built book in reading order (the front page, then its
subpages), each without its navigation, after a table of contents. Every id
gets its page's id in front, so links between pages become links inside
the file; a link into the API reference, which the PDF lacks, keeps its text.
"""

import html
import re
from pathlib import Path

PRINT_CSS = """
nav.toc li { margin: 2px 0; }
nav.toc ul ul { font-size: 90%; }
@media print {
@page { size: A4; margin: 18mm 16mm; }
body { background: white; }
section.page { break-before: page; }
nav.toc { break-after: page; }
/* Code as on screen, but a long line wraps on paper instead of being cut. */
div.fragment, pre.fragment { white-space: pre-wrap; overflow-wrap: anywhere; }
div.fragment div.line { white-space: pre-wrap; overflow-wrap: anywhere; }
/* On paper a figure fits the page (on screen it scrolls when too wide). */
div.contents img { min-width: 0 !important; max-width: 100%; height: auto; }
h1, h2, h3 { break-after: avoid; }
div.fragment, img, table { break-inside: avoid; }
}
"""
# A page's contents end with "</div></div><!-- contents -->", the front page's
# with "</div></div><!-- PageDoc -->".
CONTENTS = re.compile(r'<div class="contents">(.*)</div></div><!-- (?:contents|PageDoc) -->', re.S)
TITLE = re.compile(r'<div class="title">(.*?)</div>', re.S)
SECTION = re.compile(r'<h1><a class="anchor" id="([^"]+)"></a>\s*(.*?)</h1>', re.S)


def reading_order(docs):
    """The page ids of the built book in reading order, the front page first."""
    listing = (Path(docs) / "pages" / "index.md").read_text(errors="replace")
    return ["index"] + re.findall(r"(?m)^- @subpage (\S+)$", listing)


def page_parts(path):
    """(title, contents HTML) of one Doxygen page, without its navigation."""
    text = path.read_text(errors="replace")
    title = TITLE.search(text)
    contents = CONTENTS.search(text)
    if not title or not contents:
        raise ValueError(f"{path}: not a Doxygen page (no title or contents)")
    body = contents.group(1)
    cut = body.rfind("<hr  />")     # the Previous/Next line make_docs.sh appends
    return re.sub(r"<[^>]+>", "", title.group(1)).strip(), body[:cut] if cut >= 0 else body


LINK = re.compile(r'<a([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.S)


def relink(body, page, pages):
    """BODY of PAGE with its ids prefixed and its links made internal."""
    body = re.sub(r'\b(id|name)="([^"]+)"', lambda m: f'{m.group(1)}="{page}--{m.group(2)}"', body)

    def link(match):
        before, target, after, text = match.groups()
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            return match.group(0)                               # http:, mailto:
        file, _, fragment = target.partition("#")
        name = file[:-len(".html")] if file.endswith(".html") else page if not file else None
        if name not in pages:
            return f'<span class="api">{text}</span>'           # the API reference
        anchor = f"{name}--{fragment}" if fragment else name
        return f'<a{before}href="#{anchor}"{after}>{text}</a>'
    return LINK.sub(link, body)


def book_html(docs):
    """The text of the print file for the built book in DOCS (build/docs)."""
    html_dir = Path(docs) / "html"
    order = [p for p in reading_order(docs) if (html_dir / f"{p}.html").is_file()]
    sections, toc = [], []
    for page in order:
        title, body = page_parts(html_dir / f"{page}.html")
        subsections = [(anchor, re.sub(r"<[^>]+>", "", text).strip())
                       for anchor, text in SECTION.findall(body)]
        toc.append(f'<li><a href="#{page}">{html.escape(title)}</a>'
                   + ("<ul>" + "".join(f'<li><a href="#{page}--{a}">{html.escape(t)}</a></li>'
                                       for a, t in subsections) + "</ul>" if subsections else "")
                   + "</li>")
        sections.append(f'<section class="page" id="{page}"><div class="header"><div '
                        f'class="headertitle"><div class="title">{html.escape(title)}</div>'
                        f'</div></div><div class="contents">{relink(body, page, set(order))}'
                        f'</div></section>')
    book_title = page_parts(html_dir / "index.html")[0]
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/>"
            f"<title>{html.escape(book_title)}</title>"
            '<link href="doxygen.css" rel="stylesheet" type="text/css"/>'
            '<link href="book.css" rel="stylesheet" type="text/css"/>'
            f"<style>{PRINT_CSS}</style></head><body>"
            f'<nav class="toc"><h1>{html.escape(book_title)}</h1><h2>Contents</h2><ul>'
            + "".join(toc) + "</ul></nav>" + "".join(sections) + "</body></html>\n")
