"""Citations and bibliographies read back from every format of the test root tests/roots/citations:
the PDF's text and structure (notes as /Note, entries as /BibEntry, links, pdfua), the EPUB
(EPUBCheck, doc-biblioref, doc-bibliography), the Word draft (real footnotes holding Zotero fields
whose JSON carries the entries, the ZOTERO_BIBL field in the Bibliography style, the document
preferences, LibreOffice's reading) and the web edition (pop-ups, Scholar tags, Cite this brief)."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import html5lib
import pikepdf
import pypdf
import pytest
from docx import Document
from lxml import etree
from pdfua import Severity, validate

from briefexport.builder import build
from briefexport.content.cite import bibtex
from conftest import ROOTS, copy_project
from writers.test_epub import assert_epubcheck_clean

pytestmark = pytest.mark.slow  # the root built in every format, EPUBCheck, pdfua, LibreOffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
X = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
REFERENCES = {
    item["id"]: item for item in json.loads((ROOTS / "citations/content/references.json").read_text())
}
REFERENCES.update(
    (item["id"], item) for item, _ in bibtex.read((ROOTS / "citations/content/references.bib").read_text())[0]
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("citations")
    project = copy_project(root / "project", ROOTS / "citations", with_layouts=False)
    out = root / "out"
    result = build(project, formats=["pdf", "docx", "epub", "site"], out=out, jobs=1)
    assert result.ok, [str(d) for d in result.report.diagnostics]
    assert result.report.warnings == []
    return out


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def test_pdf_notes_and_bibliography_read_back(built):
    text = pdf_text(built / "pdf" / "notes.pdf")
    assert (
        "1. Henry Farrell and Abraham L. Newman, “Weaponized Interdependence: How Global Economic Networks"
        in text
    )
    assert (
        "Shape State Coercion,” International Security 44, no. 1 (2019): 42–45" in text
    )  # comma inside quotes
    assert "2. See Robert D. Putnam, Bowling Alone" in text
    assert "3. Our own note, which cites World Trade Organization" in text  # its own note among the citations
    assert "4. Putnam, Bowling Alone: The Collapse and Revival of American Community, 52." in text
    bibliography = text[text.index("Bibliography") :]
    order = [
        "Farrell, Henry",
        "Keohane, Robert O.",
        "Nye, Joseph S. Power",
        "Nye, Joseph S. Soft",
        "Putnam, Robert D.",
    ]
    assert [bibliography.index(name) for name in order] == sorted(bibliography.index(name) for name in order)


def structure(path: Path) -> dict[str, int]:
    kinds: dict[str, int] = {}
    pdf = pikepdf.open(path)

    def walk(node):
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                kinds[str(node.S)] = kinds.get(str(node.S), 0) + 1
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return kinds


def test_pdf_tags_notes_entries_and_links(built):
    for slug, notes, entries in (("notes", 5, 6), ("author-date", 0, 7), ("ko", 2, 2)):
        path = built / "pdf" / f"{slug}.pdf"
        kinds = structure(path)
        assert (kinds.get("/Note", 0), kinds.get("/BibEntry", 0)) == (notes, entries), slug
        findings = [f.rule_id for f in validate(str(path)).findings if f.severity >= Severity.WARNING]
        assert findings == [], slug
    links = [
        str(annot.get("/A", {}).get("/URI", ""))
        for page in pikepdf.open(built / "pdf" / "author-date.pdf").pages
        for annot in page.get("/Annots", [])
    ]
    assert "https://doi.org/10.1162/isec_a_00351" in links
    dests = [
        a
        for p in pikepdf.open(built / "pdf" / "author-date.pdf").pages
        for a in p.get("/Annots", [])
        if "/Dest" in a or "/A" in a and "/D" in a.A
    ]
    assert dests, "citations link to their entries"


def test_epub_is_clean_with_bibliography_semantics(built):
    for slug in ("notes", "author-date", "ko"):
        book = built / "epub" / f"{slug}.epub"
        assert_epubcheck_clean(book)
        with zipfile.ZipFile(book) as archive:
            name = next(n for n in archive.namelist() if n.endswith(f"{slug}.xhtml"))
            page = etree.fromstring(archive.read(name))
        section = page.find(".//x:section[@role='doc-bibliography']", X)
        assert section is not None and section.get(f"{{{X['epub']}}}type") == "bibliography"
        entries = section.findall(".//x:li", X)
        assert entries and all(e.get(f"{{{X['epub']}}}type") == "biblioentry" for e in entries)
        refs = page.findall(".//x:a[@role='doc-biblioref']", X)
        assert refs and {r.get("href") for r in refs} <= {f"#{e.get('id')}" for e in entries}


def docx_fields(path: Path, part: str) -> list[tuple[str, str]]:
    """(instruction, shown text) of each complex field in a part of a DOCX."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read(part))
    fields, stack = [], []
    for node in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        if node.tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                stack.append(["", "", False])
            elif kind == "separate":
                stack[-1][2] = True
            elif kind == "end":
                instruction, shown, _ = stack.pop()
                fields.append((instruction, shown))
        elif stack and node.tag == f"{W}instrText":
            stack[-1][0] += node.text or ""
        elif stack and stack[-1][2]:
            stack[-1][1] += node.text or ""
    return fields


def test_docx_citations_are_zotero_fields_in_real_footnotes(built):
    path = built / "docx" / "notes.docx"
    fields = [f for f in docx_fields(path, "word/footnotes.xml") if "ZOTERO_ITEM" in f[0]]
    assert len(fields) == 5  # four citation notes and the citation inside the brief's own note
    for instruction, shown in fields:
        data = json.loads(instruction.split("CSL_CITATION", 1)[1])
        assert data["properties"]["plainCitation"] == shown  # Zotero sees an untouched citation
        for item in data["citationItems"]:
            assert (
                item["itemData"] == {**REFERENCES[item["id"]], "id": item["id"]}
                or item["id"] == "keohane1984"
            )
    first = json.loads(fields[0][0].split("CSL_CITATION", 1)[1])
    assert (first["citationItems"][0]["locator"], first["properties"]["noteIndex"]) == ("42–45", 1)
    second = json.loads(fields[1][0].split("CSL_CITATION", 1)[1])
    assert [i.get("prefix") for i in second["citationItems"]] == ["see", "also"]
    bibliography = [f for f in docx_fields(path, "word/document.xml") if "ZOTERO_BIBL" in f[0]]
    assert len(bibliography) == 1 and bibliography[0][1].startswith("Farrell, Henry, and Abraham L. Newman.")


def test_docx_bibliography_style_and_preferences(built):
    document = Document(str(built / "docx" / "notes.docx"))  # python-docx reopens it
    styled = [p.text for p in document.paragraphs if p.style.name == "Bibliography"]
    assert len(styled) == 6 and styled[-1].startswith("World Trade Organization.")
    with zipfile.ZipFile(built / "docx" / "notes.docx") as archive:
        custom = etree.fromstring(archive.read("docProps/custom.xml"))
    values = {p.get("name"): "".join(p.itertext()) for p in custom}
    prefs = "".join(values[f"ZOTERO_PREF_{n}"] for n in range(1, 10) if f"ZOTERO_PREF_{n}" in values)
    assert all(len(values[name]) <= 255 for name in values if name.startswith("ZOTERO_PREF_"))
    assert '<style id="http://www.zotero.org/styles/chicago-notes-bibliography" locale="en-US"' in prefs
    assert '<pref name="noteType" value="1"/>' in prefs
    ad = Document(str(built / "docx" / "author-date.docx"))
    assert [p.text for p in ad.paragraphs if p.style.name == "Heading 1"][0] == "References"


def test_libreoffice_reads_the_notes_and_bibliography(built, tmp_path):
    draft = str(built / "docx" / "notes.docx")
    command = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), draft]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    text = pdf_text(tmp_path / "notes.pdf")
    assert "Trade is a weapon." in text and "Putnam, Robert D. Bowling Alone" in text
    assert "See Robert D. Putnam, Bowling Alone" in text  # the notes, as LibreOffice exports them


def page(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def test_web_edition_popups_scholar_tags_and_cite_this(built):
    site = built / "site" / "briefs"
    ad = page(site / "author-date" / "index.html")
    cites = ad.findall(".//span[@class='citation']")
    assert len(cites) == 4
    button = cites[1].find("button")
    pop = cites[1].find("span[@popover]")
    assert button.get("popovertarget") == pop.get("id")
    assert "Farrell, Henry, and Abraham L. Newman. 2019." in "".join(pop.itertext())
    assert cites[1].find(".//a[@role='doc-biblioref']").get("href") == "#ref-farrell2019"
    assert ad.find(".//li[@id='ref-farrell2019']") is not None
    notes = page(site / "notes" / "index.html")
    tags = [
        (m.get("name"), m.get("content"))
        for m in notes.findall(".//meta")
        if (m.get("name") or "").startswith("citation_")
    ]
    assert tags[:5] == [
        ("citation_title", "Notes and a bibliography"),
        ("citation_author", "Tomás Reiner"),
        ("citation_publication_date", "2026/03/01"),
        ("citation_technical_report_institution", "Policy Institute"),
        ("citation_technical_report_number", "2026-01"),
    ]
    cite_this = "".join(notes.find(".//p[@class='cite-this-entry']").itertext())
    assert (
        cite_this
        == "Reiner, Tomás. Notes and a Bibliography. Issue Brief No. 2026-01. Policy Institute, 2026."
    )
    assert re.search(
        r"@techreport\{notes,\n  author = \{Reiner, Tomás\}", (site / "notes" / "notes.bib").read_text()
    )
    assert json.loads((site / "notes" / "notes.json").read_text())[0]["number"] == "2026-01"
