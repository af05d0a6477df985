"""Citations back from Word drafts: each Zotero field is the `[@key, locator]` it was made from (a
citation note is the citation again, where its call stood), an untouched draft gives no diff (also
re-saved by LibreOffice), a locator changed with Zotero comes back changed, and a citation a
colleague added with Zotero comes back with a new key whose entry goes into content/references.json."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import etree

from briefexport.builder import check
from briefexport.cli import main
from briefexport.importer import import_draft
from conftest import ROOTS
from importer.drafts import docx_document, drafts, project_copy, save

pytestmark = pytest.mark.slow  # Word drafts built; LibreOffice re-saves them

OSTROM = {
    "id": 4711,  # Zotero's own item id, as the plugin writes it
    "type": "book",
    "title": "Governing the Commons: The Evolution of Institutions for Collective Action",
    "author": [{"family": "Ostrom", "given": "Elinor"}],
    "publisher": "Cambridge University Press",
    "publisher-place": "Cambridge",
    "issued": {"date-parts": [[1990]]},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cite-import")
    project = project_copy(ROOTS / "citations", root / "project")
    return project, drafts(project, root / "out")


def test_untouched_drafts_give_no_diff(built):
    project, docs = built
    for slug in ("notes", "author-date", "ko"):
        result = import_draft(project, docs[slug])
        assert result.diff == "", slug
        assert result.references == {}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_draft_resaved_by_libreoffice_gives_no_diff(built, tmp_path):
    project, docs = built
    for slug in ("notes", "author-date"):
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
             "docx", "--outdir", str(tmp_path), str(docs[slug])],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        assert import_draft(project, tmp_path / f"{slug}.docx").diff == "", slug


def zotero_field(data: dict) -> list:
    """The runs of a citation field as Zotero's Word plugin writes it."""
    runs = []
    instruction = " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(data)
    parts = [("begin", None), (None, instruction), ("separate", None), (None, "(Ostrom 1990)"), ("end", None)]
    for kind, text in parts:
        run = etree.SubElement(etree.Element(qn("w:p")), qn("w:r"))
        if kind:
            etree.SubElement(run, qn("w:fldChar")).set(qn("w:fldCharType"), kind)
        elif text.startswith(" ADDIN"):
            etree.SubElement(run, qn("w:instrText")).text = text
        else:
            etree.SubElement(run, qn("w:t")).text = text
        runs.append(run)
    return runs


def test_a_citation_added_with_zotero_gets_a_key_and_its_entry(built, tmp_path):
    project, docs = built
    document = docx_document(docs["author-date"])
    p = next(p for p in document.paragraphs if p.text.startswith("Storage is cheap"))
    p.add_run(" Commons govern themselves ")
    citation = {
        "citationID": "zq1",
        "properties": {
            "formattedCitation": "(Ostrom 1990)",
            "plainCitation": "(Ostrom 1990)",
            "noteIndex": 0,
        },
        "citationItems": [
            {"id": 4711, "uris": ["http://zotero.org/users/local/x/items/ABCD"], "itemData": OSTROM}
        ],
        "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json",
    }
    for run in zotero_field(citation):
        p._p.append(run)
    p.add_run(".")
    draft = save(document, tmp_path / "edited.docx")
    runner = CliRunner()
    shown = runner.invoke(main, ["import", str(draft), "--project", str(project.root)])
    assert (
        "would add reference `ostrom1990` to content/references.json (a citation added in Word)"
        in shown.output
    )
    written = runner.invoke(main, ["import", str(draft), "--project", str(project.root), "--write"])
    assert written.exit_code == 0, written.output
    assert "added reference `ostrom1990` to content/references.json" in written.output
    text = " ".join((project.briefs_dir / "author-date.md").read_text().split())
    assert "Keohane said so first [-@keohane1984, 12]. Commons govern themselves [@ostrom1990]." in text
    entries = json.loads((project.content / "references.json").read_text())
    assert entries[-1] == {**OSTROM, "id": "ostrom1990"}
    assert check(project).errors == []  # the brief reads, its new reference in the bibliography


def edit_fields(xml: bytes, old: str, new: str) -> bytes:
    """Each field's instruction (written in slices) joined, `old` replaced by `new` in it."""
    root = etree.fromstring(xml)
    pieces: list = []
    for node in root.iter(qn("w:fldChar"), qn("w:instrText")):
        if node.tag == qn("w:instrText"):
            pieces.append(node)
        elif node.get(qn("w:fldCharType")) == "separate" and pieces:
            whole = "".join(piece.text or "" for piece in pieces)
            pieces[0].text = whole.replace(old, new)
            for piece in pieces[1:]:
                piece.text = ""
            pieces = []
    return etree.tostring(root)


def test_a_locator_changed_in_zotero_comes_back(built, tmp_path):
    project, docs = built
    document = docx_document(docs["notes"])
    part = next(p for p in document.part.package.iter_parts() if p.partname.endswith("footnotes.xml"))
    part._blob = edit_fields(part.blob, '"locator": "42–45"', '"locator": "50"')
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    assert (
        "+Trade is a weapon [@farrell2019, 50]. Communities are fraying [see @putnam2000, 49--51; also"
        in result.diff
    )
