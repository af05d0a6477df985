"""Figures, tables, boxes and cross-references in every format, read back (tests/roots/figures built
as PDF, print HTML, EPUB, Word draft and web edition): numbering and link targets in each; the
PDF's tags (captions inside /Figure and /Table, boxes as titled /Sect, references as /Reference +
/Link, pull quotes as artifacts) and `pdfua`; the EPUB's figure, caption, aside and hidden pull
quote and EPUBCheck; Word's SEQ and REF fields and the bookmarks between them, the box styles and
LibreOffice's reading of them; the web edition's anchors."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pypdf
import pytest
from lxml import etree, html
from pdfua import validate

from briefexport.builder import build
from briefexport.project import Project
from conftest import ROOTS
from writers.test_epub import assert_epubcheck_clean
from writers.test_pdf_structure import elements, kids, marked_text, text_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}
BOOK = "title: Ferries\nbriefs:\n  - ferries\n  - ferries-ko\n  - storage\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("figures") / "project"
    shutil.copytree(ROOTS / "figures" / "content", root / "content")
    (root / "content" / "collections").mkdir()
    (root / "content" / "collections" / "ferries.yaml").write_text(BOOK, encoding="utf-8")
    result = build(Project.at(root), out=root / "out")
    assert result.report.errors == [], result.report.errors
    return root / "out"


def document(path: Path):
    return html.fromstring(path.read_bytes())


def ids_of(tree) -> set[str]:
    return {str(e.get("id")) for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}


def words(element) -> str:
    """Its text, white space collapsed, without the WORD JOINERs the print HTML puts in Korean."""
    return " ".join("".join(element.itertext()).replace("\u2060", "").split())


# --- the print HTML (what the PDF is printed from) ------------------------------------------------


def test_captions_are_numbered_by_kind_and_every_cross_reference_lands(out):
    page = document(out / "html" / "ferries.html")
    assert [words(c) for c in page.iter("figcaption")] == [
        "Figure 1. Crossings per year, 2022–2025",
        "Figure 2. Berth use by hour of the day",
    ]
    assert [words(c) for c in page.iter("caption")] == [
        "Table 1. Routes and their daily crossings, summer 2026",
        "Table 2. Berths in use, with their length",
    ]
    assert len(list(page.iter("table"))) == 3  # the third has no caption and no number
    references = [(words(a), a.get("href")) for a in page.xpath("//a[@class='xref']")]
    assert references == [
        ("Table 1", "#tbl-routes"),
        ("Figure 1", "#fig-crossings"),
        ("Section 2", "#sec-berths"),
        ("Table 1", "#tbl-routes"),
        ("Figure 1", "#fig-crossings"),
        ("Table 1", "#tbl-routes"),  # in note 1, floated to the foot of its page
        ("Section 1", "#sec-network"),
        ("Section 1", "#sec-network"),
    ]
    ids = ids_of(page)
    assert {href[1:] for _, href in references} <= ids
    assert {"fig-quay", "sec-1", "sec-2", "sec-3"} <= ids  # an uncaptioned figure's id; positional aliases
    assert page.xpath("//h2[@id='sec-network']/span/@id") == ["sec-1"]


def test_boxes_are_asides_named_by_their_heading_and_the_pull_quote_is_hidden(out):
    page = document(out / "html" / "ferries.html")
    boxes = page.xpath("//aside[contains(@class, 'box')]")
    assert [(b.get("class"), words(page.get_element_by_id(b.get("aria-labelledby")))) for b in boxes] == [
        ("box key-points", "Key points"),
        ("box", "How the “crossings” were counted"),
    ]
    assert [h.tag for b in boxes for h in b if h.get("class") == "box-title"] == ["h2", "h4"]
    (quote,) = page.xpath("//aside[@class='pullquote']")
    assert quote.get("aria-hidden") == "true"
    assert not quote.xpath(".//a") and "the plan" in words(quote)  # no link, no note call in a repeat


def test_korean_labels(out):
    page = document(out / "html" / "ferries-ko.html")
    assert [words(c) for c in page.iter("caption")] == ["표 1. 항로별 일일 운항 횟수(2026년 여름)"]
    assert [words(c) for c in page.iter("figcaption")] == ["그림 1. 연간 운항 횟수(2022~2025년)"]
    assert [words(a) for a in page.xpath("//a[@class='xref']")] == [
        "표 1",
        "그림 1",
        "표 1",
        "그림 1",
        "1.1절",
        "제1절",
    ]
    assert words(page.xpath("//h2[@class='box-title']")[0]) == "핵심 요약"


# --- the PDF ------------------------------------------------------------------------------------


def test_pdf_links_go_to_their_targets(out):
    reader = pypdf.PdfReader(out / "pdf" / "ferries.pdf")
    destinations = set(reader.named_destinations)
    assert {"fig-crossings", "tbl-routes", "sec-network", "sec-1", "sec-berths", "fig-quay"} <= destinations
    targets = [
        str(annotation.get_object()["/Dest"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/Dest" in annotation.get_object()
    ]  # links inside the document go to named destinations
    assert {"tbl-routes", "fig-crossings", "sec-berths", "sec-network"} <= set(targets)
    assert set(targets) <= destinations


def test_pdf_tags_captions_boxes_references_and_the_pull_quote(out):
    path = out / "pdf" / "ferries.pdf"
    texts = marked_text(path)
    found = elements(path)
    figures = [e for e in found if e.S == "/Figure" and any(k.S == "/Caption" for k in kids(e))]
    assert [text_of(k, texts) for e in figures for k in kids(e) if k.S == "/Caption"] == [
        "Figure1.Crossingsperyear,2022–2025",
        "Figure2.Berthusebyhouroftheday",
    ]
    tables = [e for e in found if e.S == "/Table"]
    assert [kids(t)[0].S for t in tables] == ["/Caption", "/Caption", "/THead"]  # the caption first, inside
    titled = [str(e.T) for e in found if e.S == "/Sect" and "/T" in e]
    assert titled == ["Key points", "How the “crossings” were counted"]
    references = [e for e in found if e.S == "/Reference"]
    assert len(references) == 8 and all([k.S for k in kids(e)] == ["/Link"] for e in references)
    contents = [str(a.get("/Contents", "")) for p in pikepdf.open(path).pages for a in p.get("/Annots", [])]
    assert "Table 1" in contents and "Section 2" in contents  # a reference is described by its words
    tagged = "".join(texts.values())
    page_text = "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages)
    repeat = "Fewer,largerberthswouldleteveryoperatorsailontime,astheplansays."
    assert repeat in page_text and repeat not in tagged  # printed, but an artifact: not read twice


def test_pdfua_finds_nothing(out):
    report = validate(str(out / "pdf" / "ferries.pdf"))
    findings = [f for outcome in report.outcomes for f in outcome.findings]
    assert findings == []


# --- the EPUB -----------------------------------------------------------------------------------


def test_epub_figures_tables_boxes_and_references_each_chapter_numbered_on_its_own(out):
    path = out / "epub" / "ferries.epub"
    assert_epubcheck_clean(path)
    with zipfile.ZipFile(path) as book:
        chapters = {
            Path(name).stem: etree.fromstring(book.read(name))
            for name in book.namelist()
            if name.endswith(".xhtml") and Path(name).stem.startswith(("ferries", "storage"))
        }
    ferries, korean = chapters["ferries"], chapters["ferries-ko"]
    assert [words(c) for c in ferries.iterfind(".//x:figure/x:figcaption", XHTML)][:1] == [
        "Figure 1. Crossings per year, 2022–2025"
    ]
    assert [words(c) for c in korean.iterfind(".//x:table/x:caption", XHTML)] == [
        "표 1. 항로별 일일 운항 횟수(2026년 여름)"  # Table 1 of its own brief, after the other's two
    ]
    assert ferries.find(".//x:aside[@class='pullquote']", XHTML).get("aria-hidden") == "true"
    for chapter in chapters.values():
        ids = ids_of(chapter)
        for link in chapter.iterfind(".//x:a[@class='xref']", XHTML):
            assert link.get("href")[1:] in ids
    storage_links = [a.get("href") for a in chapters["storage"].iterfind(".//x:a", XHTML) if a.get("href")]
    assert "ferries.xhtml#sec-1" in storage_links  # the positional alias still lands (a span's id)
    assert "sec-1" in ids_of(ferries)


# --- the Word draft -----------------------------------------------------------------------------


def word_xml(path: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(path) as draft:
        return etree.fromstring(draft.read(part))


def test_word_captions_are_seq_fields_inside_ref_bookmarks(out):
    root = word_xml(out / "docx" / "ferries.docx")
    fields = [f.get(f"{W}instr").strip() for f in root.iter(f"{W}fldSimple")]
    assert [f for f in fields if f.startswith("SEQ")] == [
        "SEQ Table \\* ARABIC",
        "SEQ Table \\* ARABIC",
        "SEQ Figure \\* ARABIC",
        "SEQ Figure \\* ARABIC",
    ]
    references = [f for f in fields if f.startswith("REF")]
    assert references == [
        "REF _Ref_tbl_routes \\h",
        "REF _Ref_fig_crossings \\h",
        "REF _Ref_tbl_routes \\h",
        "REF _Ref_fig_crossings \\h",
    ]
    for name in ("_Ref_tbl_routes", "_Ref_fig_crossings"):  # each bookmark holds "Table 1" / "Figure 1"
        (start,) = [b for b in root.iter(f"{W}bookmarkStart") if b.get(f"{W}name") == name]
        held, node = [], start.getnext()
        while node.tag != f"{W}bookmarkEnd" or node.get(f"{W}id") != start.get(f"{W}id"):
            held.append("".join(node.itertext()))
            node = node.getnext()
        assert "".join(held) == {"_Ref_tbl_routes": "Table 1", "_Ref_fig_crossings": "Figure 1"}[name]
    anchors = {
        h.get(f"{W}anchor"): "".join(h.itertext()) for h in root.iter(f"{W}hyperlink") if h.get(f"{W}anchor")
    }
    assert anchors["sec_berths"] == "Section 2" and anchors["sec_network"] == "Section 1"
    bookmarks = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
    assert {"sec_network", "sec_1", "sec_berths", "_Ref_fig_quay"} <= bookmarks


def test_word_boxes_are_styles_of_the_reference_document(out):
    import docx

    draft = docx.Document(str(out / "docx" / "ferries.docx"))  # python-docx reopens it
    styles = [(p.style.name, p.text) for p in draft.paragraphs if p.style.name in BOX_STYLES]
    assert [name for name, _ in styles] == [
        "Box Title",
        "Key Points",
        "Key Points",
        "Key Points",
        "Box Title",
        "Box Text",
        "Box Text",
        "Box Text",
        "Pull Quote",
    ]
    assert styles[0][1] == "Key points" and styles[4][1] == "How the “crossings” were counted"
    names = {s.name for s in draft.styles}
    assert names >= BOX_STYLES
    plain = {s.name for s in docx.Document(str(out / "docx" / "storage.docx")).styles}
    assert not BOX_STYLES & plain  # a brief without boxes: its draft's styles are as they were


BOX_STYLES = {"Key Points", "Box Title", "Box Text", "Pull Quote"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_fields_and_boxes(out, tmp_path):
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out / "docx" / "ferries.docx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    text = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(tmp_path / "ferries.pdf").pages
    )
    assert "Table 1. Routes and their daily crossings, summer 2026" in text
    assert "Figure 1. Crossings per year" in text
    assert re.search(r"six berths \(Table 1\)", text) and "Section 2 sets out the case" in text
    assert "How the “crossings” were counted" in text


# --- the web edition ----------------------------------------------------------------------------


def test_web_edition_anchors_for_every_id_and_references_as_links(out):
    page = document(out / "site" / "briefs" / "ferries" / "index.html")
    anchors = {a.get("href") for a in page.xpath("//a[@class='anchor']")}
    assert {"#tbl-routes", "#fig-crossings", "#sec-network", "#sec-berths"} <= anchors
    assert page.xpath("//table[@id='tbl-routes']/ancestor::div[@role='region']/@aria-label") == ["Table 1"]
    ids = ids_of(page)
    assert all(a.get("href")[1:] in ids for a in page.xpath("//a[@class='xref']"))
    css = (out / "site" / "style.css").read_text(encoding="utf-8")
    assert ".pullquote" in css and ".box.key-points" in css and "caption-side: top" in css
