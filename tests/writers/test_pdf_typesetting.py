"""Typesetting a printer would sign off, measured on the PDFs: hyphenation within limits, tables
that break over pages with their header repeated, no large blank stretch before the back matter,
footnote calls of a readable size, figures with captions.

Line ends are read with pypdf (a hyphen that WeasyPrint adds is U+2010 at the end of a line);
blank space is measured on pages rendered by pdfium.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from briefexport.builder import build
from briefexport.content.labels import labels as labels_in
from briefexport.writers.shared.paper import A4
from conftest import REPO, ROOTS, copy_project

pytestmark = pytest.mark.slow  # the session's full build of the sample content, rendered pages

SLUGS = sorted(p.stem for p in (REPO / "content" / "briefs").glob("*.md"))
HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character
LETTERS = re.compile(r"[^\W\d_]+")


@dataclass
class Hyphenation:
    lines: int
    hyphenated: list[tuple[str, str]]  # (before the hyphen, after it) for each hyphenated line end
    longest_run: int


def text_lines(path: Path) -> list[list[str]]:
    return [
        [line for line in page.extract_text().split("\n") if line.strip()]
        for page in pypdf.PdfReader(path).pages
    ]


def hyphenation(path: Path) -> Hyphenation:
    """The text lines in reading order, without the page furniture between pages (the running head
    and foot, the same on most pages but for their numbers): a word hyphenated at a page's end
    goes on under the next page's head."""
    pages = text_lines(path)

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip())

    seen = Counter(key for page in pages for key in {shape(line) for line in page})
    furniture = {key for key, count in seen.items() if count > len(pages) // 2}
    lines = [line.rstrip() for page in pages for line in page if shape(line) not in furniture]
    splits, run, longest = [], 0, 0
    for index, line in enumerate(lines):
        if not line.endswith(HYPHEN):
            run = 0
            continue
        run += 1
        longest = max(longest, run)
        head = LETTERS.findall(line[:-1])[-1]
        following = LETTERS.findall(lines[index + 1]) if index + 1 < len(lines) else [""]
        splits.append((head, following[0]))
    return Hyphenation(len(lines), splits, longest)


@pytest.fixture(scope="module")
def pdfs(sample_pdfs) -> dict[str, Path]:
    return sample_pdfs


@pytest.fixture(scope="module")
def briefs(sample_briefs):
    return sample_briefs


# --- hyphenation ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_hyphenation_stays_within_the_limits(pdfs, slug):
    """Words of 6 letters or more, 3 letters at least on each side, 2 hyphenated lines in a row at
    most, and hyphens at no more than 1 line end in 8 (before these limits: 75 of 339 lines in
    the longest brief, runs of 3, "sev-en", "to-tal")."""
    measured = hyphenation(pdfs[slug])
    assert measured.longest_run <= 2, measured
    for head, tail in measured.hyphenated:
        assert len(head) >= 3 and len(tail) >= 3 and len(head + tail) >= 6, (head, tail)
    assert len(measured.hyphenated) <= measured.lines / 8, (len(measured.hyphenated), measured.lines)


def test_hyphenation_is_measured_on_real_text(pdfs):
    """The limits above are not vacuous: the English briefs are hyphenated, the Korean one is not."""
    counts = {slug: len(hyphenation(path).hyphenated) for slug, path in pdfs.items()}
    assert counts["ageing-workforce-automation"] >= 5
    assert counts["grid-storage-auctions-ko"] == 0


@pytest.mark.parametrize("slug", SLUGS)
def test_titles_and_headings_are_never_hyphenated(pdfs, briefs, slug):
    text = "".join(line for page in text_lines(pdfs[slug]) for line in page)
    whole = re.sub(r"\s+", "", text)
    for title in [briefs[slug].meta.title] + [section.title for section in briefs[slug].sections]:
        assert re.sub(r"\s+", "", title) in whole, title  # a hyphen at a break would be in the way


# --- footnote calls ---------------------------------------------------------------------------


def glyphs(page) -> list[tuple[str, float, float, float]]:
    """(text, x, y, size in pt) of every text run of a page, in PDF coordinates."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((text.strip(), x, y, size * abs(cm[0]) * abs(tm[0])))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize(
    "slug", ["grid-storage-auctions", "ageing-workforce-automation", "grid-storage-auctions-ko"]
)
def test_footnote_calls_are_links_of_a_readable_size(pdfs, briefs, slug):
    """Each call is a link to its note, set at 7.5 pt or more (0.65 em, 6.8 pt, fills in on uncoated
    paper), and below the text size so it still reads as a call."""
    pdf = pypdf.PdfReader(pdfs[slug])
    calls = []
    for page in pdf.pages:
        runs = glyphs(page)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if not str(annot.get("/Dest", "")).startswith("fn-"):
                continue
            rect = [float(v) for v in annot["/Rect"]]
            (x1, x2), (y1, y2) = sorted(rect[0::2]), sorted(rect[1::2])
            inside = [r for r in runs if x1 - 1 <= r[1] <= x2 and y1 - 1 <= r[2] <= y2 + 1]
            assert inside, annot
            number = str(annot["/Dest"]).removeprefix("fn-")
            assert "".join(r[0] for r in inside) == number
            calls.append(inside[0][3])
    assert len(calls) >= len(briefs[slug].footnotes) > 0
    assert all(7.5 <= size < 10.5 for size in calls), calls


# --- figures ----------------------------------------------------------------------------------


def test_a_figure_without_a_title_gets_no_caption_and_a_located_warning(tmp_path):
    project = copy_project(tmp_path / "project", ROOTS / "only-content", with_layouts=False)
    brief = project.root / "content" / "briefs" / "ferry-charging.md"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(re.sub(r'(\(\.\./images/demand\.png) "[^"]*"\)', r"\1)", text), encoding="utf-8")
    result = build(project, formats=["pdf"], out=tmp_path / "out")
    line = next(
        n for n, t in enumerate(brief.read_text(encoding="utf-8").splitlines(), 1) if "demand.png" in t
    )
    assert [str(d) for d in result.report.warnings] == [
        f"content/briefs/ferry-charging.md:{line}:1: warning: figure `../images/demand.png` has no caption, "
        'so none is printed (give the picture a title: ![description](path "Caption"))'
    ]
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(tmp_path / "out" / "pdf" / "ferry-charging.pdf").pages
    )
    assert labels_in(None, "en")["figure"] + " 1" not in text
    assert "Bar chart of peak charging demand" not in text  # the description is never printed


# --- tables and blank space -------------------------------------------------------------------


def blank_stretches(path: Path, top: float = 22 / 297, bottom: float = 24 / 297) -> list[float]:
    """For each page, the longest run of blank pixel rows inside the page area (between the top and
    bottom margins), as a fraction of the page height. Rendered at 40 dpi by pdfium."""
    stretches = []
    document = pypdfium2.PdfDocument(str(path))
    for page in document:
        image = page.render(scale=40 / 72, grayscale=True).to_pil()
        width, height = image.size
        pixels = image.load()
        longest = run = 0
        for y in range(int(height * top), int(height * (1 - bottom))):
            if all(pixels[x, y] > 245 for x in range(0, width, 2)):
                run += 1
                longest = max(longest, run)
            else:
                run = 0
        stretches.append(longest / height)
    document.close()
    return stretches


@pytest.mark.parametrize("slug", SLUGS)
def test_no_page_but_the_last_leaves_a_quarter_blank(pdfs, slug):
    """Before these rules a table kept whole left 60 % of a page blank and About the Authors, whose
    bios could not break, 45 %."""
    stretches = blank_stretches(pdfs[slug])
    assert all(s <= 0.25 for s in stretches[:-1]), [round(s, 2) for s in stretches]


@pytest.fixture(scope="module")
def long_table(tmp_path_factory):
    root = tmp_path_factory.mktemp("long-table")
    project = copy_project(root / "project", ROOTS / "long-table", with_layouts=False)
    result = build(project, formats=["pdf"], out=root / "out")
    assert not result.report.errors and not result.report.warnings, result.report.sorted()
    return root / "out" / "pdf" / "long-table.pdf"


def test_a_long_table_breaks_over_pages_with_its_header_repeated(long_table):
    pages = text_lines(long_table)
    with_rows = [[line for line in page if re.match(r"^Port \d+ ", line)] for page in pages]
    spanned = [n for n, rows in enumerate(with_rows) if rows]
    assert len(spanned) >= 2
    assert spanned[0] == 0  # it starts on the page of the paragraph before it, not after a blank
    for n in spanned:
        assert any(line.startswith("Harbour") and "Berths" in line for line in pages[n]), n  # the header row
        assert len(with_rows[n]) >= 3, (n, with_rows[n])  # no page holds fewer than 3 rows
    numbers = [int(line.split()[1]) for rows in with_rows for line in rows]
    assert numbers == list(range(1, 61))  # every row once, in order, none split


def test_a_long_table_leaves_no_large_blank(long_table):
    assert all(s <= 0.25 for s in blank_stretches(long_table)[:-1])


# --- figures too tall for the rest of their page ----------------------------------------------


@pytest.fixture(scope="module")
def tall_figures(tmp_path_factory) -> dict[str, Path]:
    """A figure that does not fit the rest of page 1 (before: moved whole to page 2, leaving 24 %
    of page 1 blank), and one that nearly fits (31 % blank)."""
    root = tmp_path_factory.mktemp("tall-figure")
    project = copy_project(root / "project", ROOTS / "tall-figure", with_layouts=False)
    result = build(project, formats=["pdf"], out=root / "out")
    assert not result.report.errors and not result.report.warnings, result.report.sorted()
    return {path.stem: path for path in (root / "out" / "pdf").glob("*.pdf")}


def figure_page(path: Path) -> tuple[int, float]:
    """The page the figure is on (0-based), and its picture's width as a share of the text width."""
    document = pypdfium2.PdfDocument(str(path))
    for number, page in enumerate(document):
        pictures = [o.get_bounds() for o in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])]
        charts = [(right - left) for left, _, right, _ in pictures if right - left > page.get_width() / 3]
        if charts:
            width = page.get_width() - (A4.left + A4.right) / 25.4 * 72  # the text width
            document.close()
            return number, charts[0] / width
    raise AssertionError("no figure")


def test_the_text_after_a_figure_too_tall_for_page_1_fills_page_1(tall_figures):
    """The figure goes near the top of page 2 (after the end of the paragraph that page 1 could not
    finish), the paragraphs after it in the brief fill page 1: 3 % blank, where it left 24 %."""
    pdf = tall_figures["tall-figure"]
    assert blank_stretches(pdf)[0] <= 0.06, blank_stretches(pdf)
    number, width = figure_page(pdf)
    assert number == 1 and width > 0.99  # whole, not shrunk
    pages = text_lines(pdf)
    caption = next(n for n, line in enumerate(pages[1]) if line.startswith("Figure 1."))
    assert caption <= 12  # a few lines, then the figure, near the top of page 2
    assert "Delivery dates matter" in " ".join(pages[0])  # the text that follows it in the brief


def test_a_figure_that_nearly_fits_is_shrunk_within_limits_and_stays_on_page_1(tall_figures):
    pdf = tall_figures["nearly-fits"]
    assert blank_stretches(pdf)[0] <= 0.06, blank_stretches(pdf)
    number, width = figure_page(pdf)
    assert number == 0 and 0.8 <= width < 0.99, width
    assert any(line.startswith("Figure 1.") for line in text_lines(pdf)[0])
