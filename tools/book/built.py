"""html: the built book (make docs) is whole. Every local link, image and
frame in the generated HTML resolves, and every figure of a page (a line
``![caption](../../book/figures/NAME.svg)``) is an SVG image of that page."""

import html.parser
import re
from pathlib import Path

from .pages import FIGURE, book_pages, page_id, rel, split_blocks


class LinkCollector(html.parser.HTMLParser):
    """Collects local link targets, anchor names and images of one HTML file."""

    def __init__(self):
        super().__init__()
        self.targets = []       # (line, attribute value)
        self.anchors = set()
        self.images = []        # src of every <img>, data of every <object>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.anchors.add(attrs[key])
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        if tag == "object" and attrs.get("data"):
            self.images.append(attrs["data"])
        for key in ("href", "src", "data"):
            value = attrs.get(key)
            if value and not re.match(r"^([a-z][a-z0-9+.-]*:|#$)", value):
                self.targets.append((self.getpos()[0], value))


def check(html_dir):
    """[problem] for each broken link or missing figure of the HTML book."""
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").is_file():
        return [f"{html_dir}/index.html: missing; build the book first (make docs)"]
    cache, problems = {}, []

    def parsed(path):
        if path not in cache:
            cache[path] = LinkCollector()
            cache[path].feed(path.read_text(errors="replace"))
        return cache[path]

    for path in sorted(html_dir.glob("*.html")):
        for line, target in parsed(path).targets:
            file_part, _, fragment = target.partition("#")
            destination = (path.parent / file_part.split("?")[0]) if file_part else path
            if not destination.is_file():
                problems.append(f"{rel(path)}:{line}: {target}: no such file")
            elif fragment and destination.suffix == ".html" \
                    and fragment not in parsed(destination).anchors:
                problems.append(f"{rel(path)}:{line}: {target}: no anchor {fragment}")
    for page in book_pages():
        pid = page_id(page)
        out = html_dir / f"{'index' if pid == 'mainpage' else pid}.html"
        if not out.is_file():
            problems.append(f"{rel(page)}:1: the book has no page {out.name}")
            continue
        rendered = parsed(out)
        prose, _ = split_blocks(page.read_text(errors="replace"))
        for number, line in prose:
            match = FIGURE.match(line.strip())
            if match and match.group(2) not in rendered.images:
                problems.append(f"{rel(page)}:{number}: the figure {match.group(2)} is not an "
                                f"image of {out.name}")
        for line, target in rendered.targets:
            svg = out.parent / target.split("#")[0]
            if target.endswith(".svg") and svg.is_file() \
                    and "<svg" not in svg.read_text(errors="replace"):
                problems.append(f"{rel(out)}:{line}: {target} is not an SVG image")
    return problems
