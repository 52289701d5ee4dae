"""The HTML book at a phone's width (390 px) and a laptop's (1280 px), as
headless Chromium lays it out: no page wider than the screen (only a
figure, code block or table scrolls, in its own box), every figure at
three quarters of its size or more, no line of code wrapped. A script added
to the page measures; --dump-dom hands the numbers back. Measured: the front
page, lesson 07 and the print file (print_html.py); the same Chromium takes
a screenshot of them at each width (book-390.png, book-1280.png in a
folder), since a start of Chromium costs more than what it measures.
"""

import html
import json
import re
import subprocess
from pathlib import Path

from .pages import rel

WIDTHS = (390, 1280)
LEGIBLE = 0.74          # the smallest scale of a figure (make_docs.sh allows 0.75)
CHROMIUM_TIMEOUT = 120  # seconds for one page
MEASURE = """<script>
window.addEventListener("load", function () {
  var out = {width: window.innerWidth, page: document.documentElement.scrollWidth,
             figures: [], code: []};
  document.querySelectorAll("div.image img").forEach(function (img) {
    out.figures.push({src: img.getAttribute("src"), natural: img.naturalWidth,
                      shown: img.getBoundingClientRect().width});
  });
  document.querySelectorAll("div.fragment").forEach(function (block) {
    var lines = Array.prototype.slice.call(block.querySelectorAll("div.line"));
    var heights = lines.map(function (l) { return l.getBoundingClientRect().height; })
                       .filter(function (h) { return h > 0; });
    var one = Math.min.apply(null, heights.concat([1e9]));
    var wrapped = lines.filter(function (l) {
      return l.getBoundingClientRect().height > 1.5 * one; });
    out.code.push({first: (lines[0] || block).textContent.slice(0, 60),
                   wrapped: wrapped.length, overflow: getComputedStyle(block).overflowX,
                   wide: block.scrollWidth > block.clientWidth + 1});
  });
  out.page_name = location.pathname.split("/").pop().replace(".phone-check", "");
  parent.postMessage(JSON.stringify(out), "*");
});
</script>"""
# Headless Chromium's window is at least 500 px wide, so each page is shown
# in a frame of the width wanted, side by side; each posts its numbers to
# this page, whose DOM --dump-dom prints.
FRAME = """<!DOCTYPE html><html><body style="margin: 0; white-space: nowrap">
{frames}
<script>
window.addEventListener("message", function (e) {{
  var pre = document.createElement("pre");
  pre.className = "phone-check";
  pre.style.display = "none";     /* in the DOM, not in the screenshot */
  pre.textContent = e.data;
  document.body.appendChild(pre);
}});
</script></body></html>"""
IFRAME = '<iframe src="{src}" style="width: {width}px; height: {height}px; border: 0; ' \
    'margin-right: 10px"></iframe>'


def in_frames(chromium, pages, width, height, extra):
    """Chromium's stdout for PAGES (in one folder), side by side in frames
    WIDTH pixels wide."""
    frame = pages[0].with_name(f"frames-{width}.html")
    frame.write_text(FRAME.format(frames="\n".join(
        IFRAME.format(src=page.name, width=width, height=height) for page in pages)))
    try:
        return subprocess.run(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--window-size={max(len(pages) * (width + 10), 500) + 20},{height + 20}",
             "--virtual-time-budget=5000", *extra, frame.as_uri()],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, errors="replace",
            timeout=CHROMIUM_TIMEOUT, check=False).stdout
    finally:
        frame.unlink()


def measure(chromium, pages, width, shot):
    """{page name: what the script above measured on it} for PAGES at WIDTH;
    a screenshot of them goes to the file SHOT."""
    probes = [page.with_name(page.stem + ".phone-check.html") for page in pages]
    for page, probe in zip(pages, probes):
        probe.write_text(page.read_text(errors="replace").replace("</body>", MEASURE + "</body>"))
    try:
        dom = in_frames(chromium, probes, width, 1400, ["--dump-dom", f"--screenshot={shot}"])
    finally:
        for probe in probes:
            probe.unlink()
    found = {}
    for data in re.findall(r'<pre class="phone-check"[^>]*>(.*?)</pre>', dom, re.S):
        data = json.loads(html.unescape(data))
        found[data["page_name"]] = data
    return found


def problems_of(where, found):
    """[problem] of one page's measurements."""
    problems = []
    if found["page"] > found["width"] + 1:
        problems.append(f"{where}: the page is {found['page']} px wide on a {found['width']} px "
                        f"screen: something widens it instead of scrolling in its own box")
    for figure in found["figures"]:
        if not figure["natural"]:
            problems.append(f"{where}: the figure {figure['src']} did not load")
        elif figure["shown"] < LEGIBLE * figure["natural"]:
            problems.append(f"{where}: the figure {figure['src']} is shown at "
                            f"{figure['shown'] / figure['natural']:.0%} of its size, too small "
                            f"to read; it should scroll in its box instead")
    for block in found["code"]:
        if block["wrapped"]:
            problems.append(f"{where}: {block['wrapped']} lines of the code block "
                            f"\"{block['first'].strip()}\" wrap instead of scrolling")
        elif block["wide"] and block["overflow"] not in ("auto", "scroll"):
            problems.append(f"{where}: the code block \"{block['first'].strip()}\" is wider "
                            f"than the screen and does not scroll")
    return problems


def check(chromium, html_dir, shots):
    """[problem] of the built book in HTML_DIR; screenshots go to SHOTS."""
    html_dir, shots = Path(html_dir).resolve(), Path(shots).resolve()
    shots.mkdir(parents=True, exist_ok=True)
    pages = [html_dir / name for name in ("index.html", "lesson_07.html", "book-print.html")]
    missing = [f"{rel(page)}: missing (build the book and its print file first)"
               for page in pages if not page.is_file()]
    if missing:
        return missing
    problems = []
    for width in WIDTHS:
        found = measure(chromium, pages, width, shots / f"book-{width}.png")
        for page in pages:
            where = f"{rel(page)} at {width} px"
            if page.name not in found:
                problems.append(f"{where}: the measuring script gave nothing")
                continue
            if found[page.name]["width"] != width:
                problems.append(f"{where}: the frame is {found[page.name]['width']} px wide")
            problems += problems_of(where, found[page.name])
    return problems
