"""Hostile manuscripts for the paths only manuscripts take: metafiles, text boxes, fields and
citation fields. Each is a located error or a warning, never a hang or a traceback, and nothing
is written outside the project."""

from __future__ import annotations

import base64
import io
import json
import random
import shutil
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from briefexport.cli import main
from briefexport.errors import ContentError
from briefexport.importer import import_draft
from briefexport.project import Project
from conftest import REPO

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V = "urn:schemas-microsoft-com:vml"


@pytest.fixture
def project(tmp_path) -> Project:
    (tmp_path / "project" / "content" / "briefs").mkdir(parents=True)
    shutil.copy(REPO / "content" / "authors.yaml", tmp_path / "project" / "content" / "authors.yaml")
    return Project.at(tmp_path / "project")


def manuscript(path: Path, body_xml: str = "", picture: bytes | None = None) -> Path:
    """A Word file with a title, a paragraph, `body_xml` added to its body and a picture whose
    bytes are `picture`."""
    document = docx.Document()
    document.add_paragraph("A Hostile Manuscript", style="Title")
    document.add_paragraph("Ordinary text before it.")
    if picture is not None:
        from PIL import Image

        png = io.BytesIO()
        Image.new("RGB", (4, 4)).save(png, format="PNG")
        document.add_paragraph().add_run().add_picture(png)
    document.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if body_xml:
        xml = parts["word/document.xml"].decode()
        at = xml.rindex("<w:sectPr")
        parts["word/document.xml"] = (xml[:at] + body_xml + xml[at:]).encode()
    if picture is not None:
        media = next(name for name in parts if name.startswith("word/media/"))
        parts[media] = picture
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def emf(bounds: int, record_size: int | None = None) -> bytes:
    """An EMF header claiming a picture of `bounds` device units a side, then an EOF record (or
    a record claiming `record_size` bytes)."""
    header = struct.pack(
        "<II4i4i4sIIIHHIIII2i2i",
        1,
        88,
        0,
        0,
        bounds,
        bounds,
        0,
        0,
        bounds,
        bounds,
        b" EMF",
        0x10000,
        0,
        2,
        0,
        0,
        0,
        0,
        0,
        0,
        1920,
        1080,
        508,
        286,
    )
    if record_size is not None:
        return header + struct.pack("<II", 1, record_size) + b"\0" * 16
    return header + struct.pack("<IIIII", 14, 20, 0, 0, 20)


def files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.mark.parametrize(
    "data",
    [emf(0x7FFFFFFF), emf(100, record_size=0xFFFFFFF0), b"\x01\x00\x00\x00" + b"\xff" * 36 + b" EMF"],
    ids=["absurd-dimensions", "absurd-record", "truncated"],
)
def test_a_hostile_emf_is_kept_with_a_warning_never_decoded_elsewhere(project, tmp_path, data):
    path = manuscript(tmp_path / "emf.docx", picture=data)
    outside = files(tmp_path) - files(project.root)
    out = CliRunner().invoke(main, ["import", str(path), "--write", "--project", str(project.root)])
    assert out.exit_code == 0, out.output
    assert "picture 1 (EMF): " in out.stderr and "replace it with a PNG, JPEG or SVG version" in out.stderr
    assert "Traceback" not in out.output
    kept = list((project.content / "images").iterdir())
    assert len(kept) == 1 and kept[0].suffix == ".emf" and kept[0].read_bytes() == data
    assert files(tmp_path) - files(project.root) == outside | {path}  # nothing written outside
    checked = CliRunner().invoke(main, ["check", "--project", str(project.root)])
    assert checked.exit_code == 1 and "`.emf` is not a picture type briefs can use" in checked.output


def nested_boxes(depth: int) -> str:
    opening = f'<w:p><w:r><w:pict><v:shape xmlns:v="{V}"><v:textbox><w:txbxContent>'
    closing = "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    return opening * depth + "<w:p><w:r><w:t>The innermost words.</w:t></w:r></w:p>" + closing * depth


def test_text_boxes_nested_1000_deep_are_a_located_error(project, tmp_path):
    path = manuscript(tmp_path / "deep.docx", nested_boxes(1000))
    with pytest.raises(ContentError) as caught:
        import_draft(project, path, write=True)
    assert "deep.docx: error: the part word/document.xml is not well-formed XML" in str(caught.value)
    assert list(project.briefs_dir.iterdir()) == []


def test_text_boxes_nested_past_the_limit_come_in_as_text_with_a_warning(project, tmp_path):
    result = import_draft(project, manuscript(tmp_path / "deep.docx", nested_boxes(30)))
    assert "The innermost words." in result.new
    assert any(
        "text boxes nested more than 8 deep come in as one paragraph" in str(w)
        for w in result.report.warnings
    )


def field(instruction_pieces: list[str], shown: str) -> str:
    instructions = "".join(
        f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>' for piece in instruction_pieces
    )
    return (
        '<w:p><w:r><w:t xml:space="preserve">Before the field </w:t></w:r>'
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{instructions}'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{shown}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def test_a_field_code_of_10_mb_is_bounded(project, tmp_path):
    noise = base64.b64encode(random.Random(23).randbytes(7_500_000)).decode()  # does not deflate
    pieces = [" ADDIN ZOTERO_ITEM CSL_CITATION {"] + [
        noise[i : i + 10_000] for i in range(0, len(noise), 10_000)
    ]
    path = manuscript(tmp_path / "field.docx", field(pieces, "(Farrell 2019)"))
    result = import_draft(project, path)
    assert "Before the field (Farrell 2019)" in result.new
    assert any(
        "paragraph 3: a field's code is over 2 MB: its shown text is kept" in str(w)
        for w in result.report.warnings
    )


def test_a_citation_field_with_invalid_json_is_named_and_its_text_kept(project, tmp_path):
    path = manuscript(
        tmp_path / "citation.docx",
        field(
            [' ADDIN ZOTERO_ITEM CSL_CITATION {"citationID":"a1","citationItems":[{"id":1,'], "(Putnam 2000)"
        ),
    )
    result = import_draft(project, path)
    assert "Before the field (Putnam 2000)" in result.new
    warnings = [str(w) for w in result.report.warnings]
    assert any(
        "citation.docx: warning: paragraph 3: a citation field cannot be read: its data is not valid JSON"
        in w
        for w in warnings
    ), warnings


def test_a_zotero_citation_in_a_manuscript_comes_in_as_a_key_with_its_entry(project, tmp_path):
    """The citation syntax on main fills the seam: a readable Zotero field of a manuscript is the
    brief's `[@key, locator]`, its entry added to content/references.json (EndNote's stays text);
    Zotero's bibliography is left out, with a warning."""
    data = {
        "citationID": "m1",
        "citationItems": [
            {
                "id": 1,
                "locator": "49-51",
                "itemData": {
                    "id": 1,
                    "type": "book",
                    "title": "Bowling Alone",
                    "author": [{"family": "Putnam", "given": "Robert D."}],
                    "issued": {"date-parts": [[2000]]},
                },
            }
        ],
    }
    endnote = " ADDIN EN.CITE &lt;EndNote&gt;&lt;Cite&gt;&lt;Author&gt;Nye&lt;/Author&gt;&lt;/Cite&gt;"
    body = field(
        [" ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(data).replace("&", "&amp;")], "(Putnam 2000)"
    )
    body += field([endnote], "(Nye 2004)")
    body += field([' ADDIN ZOTERO_BIBL {"uncited":[]} CSL_BIBLIOGRAPHY '], "Putnam, Robert D. Bowling Alone.")
    path = manuscript(tmp_path / "cited.docx", body)
    runner = CliRunner()
    written = runner.invoke(main, ["import", str(path), "--project", str(project.root), "--write"])
    assert written.exit_code == 0, written.output
    assert "added reference `putnam2000` to content/references.json" in written.output
    text = (project.briefs_dir / "a-hostile-manuscript.md").read_text(encoding="utf-8")
    assert "Before the field [@putnam2000, 49-51]" in text
    assert "Before the field (Nye 2004)" in text
    assert "Putnam, Robert D." not in text  # the build makes the bibliography
    assert "paragraph 5: the reference manager's bibliography was left out" in written.output
    entries = json.loads((project.content / "references.json").read_text(encoding="utf-8"))
    assert [(e["id"], e["title"]) for e in entries] == [("putnam2000", "Bowling Alone")]
