"""The screen PDF's tagged structure, read back with pikepdf, and the `pdfua` checker (the
machine-checkable subset of PDF/UA-1) on every sample PDF.

What is asserted: header cells carry /Scope; footnotes are /Note elements with an /ID and a /Lbl,
each linked from its call in the text; list items hold a /Lbl and an /LBody; a passage in another
language carries /Lang; figures carry their description as /Alt; no heading is empty.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pikepdf
import pypdf
import pytest
from pdfua import Severity, validate

from briefexport.content.labels import labels as labels_in
from briefexport.content.locale import number
from briefexport.writers.shared.layout import Layout
from conftest import REPO

pytestmark = pytest.mark.slow  # the session's full build of the sample content, and pdfua

SLUGS = sorted(p.stem for p in (REPO / "content" / "briefs").glob("*.md"))
# pdfua 0.1.3 cannot evaluate this rule on a heading whose /K is an array (every WeasyPrint
# heading): its as_integer() calls getattr(..., "is_integer") on a pikepdf Array, which raises
# ValueError under pikepdf 9 and 10. The same rule is asserted below (test_no_heading_is_empty).
PDFUA_CANNOT_EVALUATE = {"UA-14-001"}


@pytest.fixture(scope="module")
def pdfs(sample_pdfs) -> dict[str, Path]:
    return sample_pdfs


@pytest.fixture(scope="module")
def briefs(sample_briefs):
    return sample_briefs


@pytest.fixture(scope="module")
def brand(sample_build):
    project, _, _ = sample_build
    return Layout(project).brand


@functools.cache
def opened(path: Path) -> pikepdf.Pdf:
    return pikepdf.open(path)  # kept open: the elements read from it live as long as it does


def elements(path: Path) -> list[pikepdf.Dictionary]:
    """Every structure element, depth first, in document order."""
    pdf = opened(path)
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            walk(node.get("/K"))

    walk(pdf.Root.StructTreeRoot.K)
    return found


def kids(element) -> list[pikepdf.Dictionary]:
    k = element.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [item for item in items if isinstance(item, pikepdf.Dictionary) and "/S" in item]


def mcids(element) -> list[tuple[int, int]]:
    """(page object number, MCID) of the marked content under an element."""
    page = element.get("/Pg")
    found = []
    k = element.get("/K")
    for item in list(k) if isinstance(k, pikepdf.Array) else [k]:
        if isinstance(item, int):
            found.append((page.objgen[0], int(item)))
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item:
            found += mcids(item)
    return found


def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """Text of each marked-content sequence: (page object number, MCID) -> text (pypdf)."""
    reader_ = pypdf.PdfReader(path)
    texts: dict[tuple[int, int], str] = {}
    for page in reader_.pages:
        number = page.indirect_reference.idnum
        stack: list[int | None] = []

        def before(op, args, cm, tm, stack=stack):
            if op == b"BDC":
                props = args[1] if len(args) > 1 else {}
                stack.append(props.get("/MCID") if hasattr(props, "get") else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(value, *_, stack=stack, number=number):
            if stack and stack[-1] is not None:
                key = (number, int(stack[-1]))
                texts[key] = texts.get(key, "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def text_of(element, texts) -> str:
    return re.sub(r"\s+", "", "".join(texts.get(key, "") for key in mcids(element)))


# --- the checker ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_pdfua_finds_no_error_and_no_warning(pdfs, slug):
    report = validate(str(pdfs[slug]))
    findings = [
        f"{f.rule_id} {f.severity.name}: {f.message}"
        for f in report.findings
        if f.severity >= Severity.WARNING
    ]
    assert findings == []
    assert {outcome.rule_id for outcome in report.skipped} == PDFUA_CANNOT_EVALUATE


# --- our own assertions -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_no_heading_is_empty(pdfs, slug):
    texts = marked_text(pdfs[slug])
    headings = [e for e in elements(pdfs[slug]) if re.fullmatch(r"/H[1-6]", str(e.S))]
    assert headings and all(text_of(h, texts) for h in headings)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_header_cell_has_a_scope(pdfs, slug):
    cells = [e for e in elements(pdfs[slug]) if e.S == "/TH"]
    assert all(str(c.A.get("/Scope")) == "/Column" for c in cells)
    data = [e for e in elements(pdfs[slug]) if e.S == "/TD"]
    assert all(len(d.A.Headers) == 1 for d in data)  # and WeasyPrint's own association stays


def test_sample_tables_exist(pdfs):
    assert sum(1 for slug in SLUGS for e in elements(pdfs[slug]) if e.S == "/TH") >= 8


@pytest.mark.parametrize("slug", SLUGS)
def test_footnotes_are_notes_linked_from_their_calls(pdfs, briefs, brand, slug):
    brief = briefs[slug]

    def shown(note_id: str) -> str:  # a note's number in the digits the brand prints its language in
        return number(note_id.removeprefix("fn-"), brief.language, brand.extra)

    texts = marked_text(pdfs[slug])
    notes = [e for e in elements(pdfs[slug]) if e.S == "/Note"]
    assert [str(n.ID) for n in notes] == [f"fn-{n + 1}" for n in sorted(brief.footnotes)]
    for note in notes:
        label = kids(note)[0]
        assert label.S == "/Lbl" and text_of(label, texts) == shown(str(note.ID)) + "."
    calls = {}
    for page in opened(pdfs[slug]).pages:
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") == "/Link" and str(annot.get("/Dest", "")).startswith("fn-"):
                calls.setdefault(str(annot.Dest), []).append(str(annot.Contents))
    label = labels_in(None, brief.language)["footnote"]
    assert sorted(calls) == sorted(str(n.ID) for n in notes)
    for target, descriptions in calls.items():
        assert set(descriptions) == {label.format(number=shown(target))}


@pytest.mark.parametrize("slug", SLUGS)
def test_list_items_hold_a_label_and_a_body(pdfs, briefs, slug):
    items = [e for e in elements(pdfs[slug]) if e.S == "/LI"]
    labelled = [item for item in items if any(k.S == "/Lbl" for k in kids(item))]
    for item in labelled:
        assert [str(k.S) for k in kids(item)] == ["/Lbl", "/LBody"]
    list_items = sum(1 for t in briefs[slug].tokens if t.type == "list_item_open")
    assert len(labelled) >= list_items  # every item of the body's lists (one split over pages counts twice)
    assert all(str(k.S) == "/LBody" for item in items if item not in labelled for k in kids(item))


def test_a_passage_in_another_language_carries_its_language(pdfs, briefs):
    for slug in ("maritime-chokepoints-summary", "grid-storage-auctions-ko"):
        original = briefs[slug].meta.translation_of
        texts = marked_text(pdfs[slug])
        tagged = [e for e in elements(pdfs[slug]) if str(e.get("/Lang", "")) == original.language]
        assert tagged, slug
        assert "".join(text_of(e, texts) for e in tagged) == re.sub(r"\s+", "", original.title)


@pytest.mark.parametrize(
    "slug", ["grid-storage-auctions", "grid-storage-auctions-ko", "ageing-workforce-automation"]
)
def test_figures_carry_their_description_and_their_caption_inside(pdfs, briefs, slug):
    """A figure's /Caption is a child of its /Figure (the /Figure carries the description)."""
    texts = marked_text(pdfs[slug])
    alts = [image.alt for image in briefs[slug].images]
    figures = [e for e in elements(pdfs[slug]) if e.S == "/Figure" and str(e.get("/Alt", "")) in alts]
    assert [str(e.Alt) for e in figures] == alts  # the logo is the only other /Figure
    captions = [text_of(c, texts) for e in figures for c in kids(e) if c.S == "/Caption"]
    label = labels_in(None, briefs[slug].language)["figure"]
    assert captions == [
        re.sub(r"\s+", "", f"{label} {n}. {image.caption}") for n, image in enumerate(briefs[slug].images, 1)
    ]
