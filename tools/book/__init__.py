"""The book's tools: checks that keep the pages true to the code, and the
writers that keep their code blocks and sample outputs equal to what the
sources and commands give today.

``python3 tools/book COMMAND`` (__main__.py) is the command line of all of
them; tools/figures.py draws the figures. The modules:

pages       where the pages are, how they split into prose and code blocks,
            their headings, anchors and Doxygen page ids
cdecl       the functions, types and macros a C header declares
api         check: every public function of a lesson is named in its chapter
pasted      check: no page carries a pasted copy of source code
links       check: links and anchors resolve, no raw Doxygen syntax
named_tests check: a test the text names still exists
glossary    check: every bold term and abbreviation has a glossary entry
built       check: the HTML book (make docs) is whole
snippets    the code blocks tagged <!-- snippet: FILE [NAME] -->
outputs     the sample outputs tagged <!-- output: COMMAND -->, run and compared
stale       what goes stale in outputs without running them: test summaries,
            GDB's source lines, untagged pasted outputs
doxygen     a page as Doxygen must read it (labels, figures, %-spans)
changes     what each lesson adds, replaces and removes (the "Files of this
            lesson" boxes and make lesson N changes)
print_html  the built HTML book as one file for printing
pdf         make book-pdf: Chromium prints that file; the check of the PDF
phone       the HTML book at 390 and 1280 px: figures readable, code scrolling

No module keeps state between calls: what one run gathers (the results of
commands run ahead) lives in an object the caller holds.
"""
