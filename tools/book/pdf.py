"""The book as a PDF (make book-pdf), and the check of one.

make_pdf() has headless Chromium print the print file (print_html.py):
figures stay vectors, links inside the book stay links, the outline follows
the headings. check() reads the PDF with poppler: a page or more per page of
the book, every title in reading order, every figure, every internal link
leading to a destination it defines.
"""

import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from .pages import FIGURE, ROOT, book_pages, rel, split_blocks
from .print_html import book_html, page_parts, reading_order

CHROMIUM_TIMEOUT = 300      # seconds to print the whole book


def chromium():
    """The Chromium program, or None."""
    return next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)),
                None)


def make_pdf(docs, out):
    """Print the book built in DOCS (build/docs) to the PDF OUT; returns a problem or None."""
    docs, out = Path(docs).resolve(), Path(out).resolve()
    source = docs / "html" / "book-print.html"
    source.write_text(book_html(docs))
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(
            [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
             "--no-pdf-header-footer", "--generate-pdf-document-outline",
             f"--print-to-pdf={out}", source.as_uri()],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            timeout=CHROMIUM_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"chromium took more than {CHROMIUM_TIMEOUT} s to print {rel(source)}"
    if result.returncode or not out.is_file():
        return f"chromium could not print {rel(source)}:\n{result.stdout[-2000:]}"
    return None


def figure_words(svg):
    """The first three lines of text drawn in a Graphviz SVG."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(errors="replace"))
    return [" ".join(html.unescape(t).split()) for t in texts[:3] if t.strip()]


def figures():
    """[(page, line, file name)] of every figure line of the book."""
    found = []
    for page in book_pages():
        prose, _ = split_blocks(page.read_text(errors="replace"))
        found += [(page, number, match.group(2)) for number, line in prose
                  for match in [FIGURE.match(line.strip())] if match]
    return found


def poppler(*args):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          errors="replace", check=True).stdout


def check(pdf, docs):
    """[problem] of the PDF of the book built in DOCS."""
    pdf = Path(pdf)
    if not pdf.is_file():
        return [f"{pdf}: no such file (make book-pdf writes it)"]
    problems = []
    order = [p for p in reading_order(docs) if (Path(docs) / "html" / f"{p}.html").is_file()]
    info = poppler("pdfinfo", str(pdf))
    pages = int(re.search(r"(?m)^Pages:\s+([0-9]+)", info).group(1))
    if pages < len(order):
        problems.append(f"{rel(pdf)}: {pages} pages for the {len(order)} pages of the book; "
                        f"each should start a page of its own")
    # NFKC: Chromium draws "fl" and "fi" as ligatures, which pdftotext gives as one character.
    text = " ".join(unicodedata.normalize("NFKC", poppler("pdftotext", str(pdf), "-")).split())
    if len(text) < 1000:
        return problems + [f"{rel(pdf)}: pdftotext extracts {len(text)} characters: the text "
                           f"is not extractable"]
    at = 0
    for page in order:
        title = " ".join(page_parts(Path(docs) / "html" / f"{page}.html")[0].split())
        found = text.find(title, at)
        if found < 0:
            problems.append(f"{rel(pdf)}: the title \"{title}\" ({page}) is not in the text "
                            f"after the pages before it")
        else:
            at = found
    images = len(poppler("pdfimages", "-list", str(pdf)).splitlines()[2:])
    rasters = 0
    for page, number, name in figures():
        path = ROOT / "book" / "figures" / name
        if name.endswith(".svg"):
            missing = [w for w in (figure_words(path) if path.is_file() else []) if w not in text]
            if missing:
                problems.append(f"{rel(page)}:{number}: the figure {name} is not in the PDF "
                                f"(its words \"{missing[0]}\" are not in its text)")
        else:
            rasters += 1
    if images < rasters:
        problems.append(f"{rel(pdf)}: {images} raster images, but the book shows {rasters} "
                        f"screenshots")
    # Chromium leaves out a link whose target is missing: look in the print file.
    source = (Path(docs) / "html" / "book-print.html").read_text(errors="replace")
    ids = set(re.findall(r'\bid="([^"]+)"', source))
    for target in sorted(set(re.findall(r'href="#([^"]+)"', source)) - ids):
        problems.append(f"{rel(pdf)}: a link of the print file leads to #{target}, which no "
                        f"part of the book has")
    raw = pdf.read_bytes()
    names = set(re.findall(rb"(?:<<|\n)/([^\s\[/]+) \[[0-9]+ 0 R /XYZ", raw))
    links = set(re.findall(rb"/Dest /([^\s/\]>]+)", raw))
    if not links:
        problems.append(f"{rel(pdf)}: no internal links (the table of contents has some)")
    for name in sorted(links - names):
        problems.append(f"{rel(pdf)}: a link leads to {name.decode(errors='replace')}, which "
                        f"the PDF does not define")
    return problems
