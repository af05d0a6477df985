"""A manuscript's captions and cross-references (issue 23 after issue 21): Word's Insert Caption
(a Caption paragraph, its label and number in a `_Ref` bookmark, the number a SEQ field, complex
or simple) and Insert Cross-reference (a REF field to that bookmark) come in as `{#fig-...}`,
`: Caption {#tbl-...}` and `@fig-...`; LibreOffice's (`<text:sequence>`, saved as SEQ fields in a
`Ref_Figure0_label_and_number` bookmark) too. The imported brief passes `check` and its PDF
prints "Figure 1" linked to the figure."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from briefexport.builder import build, run_check
from briefexport.importer import import_draft
from briefexport.project import Project
from conftest import REPO


def png(width: int = 40, height: int = 20) -> bytes:
    raw = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def project(tmp_path) -> Project:
    (tmp_path / "content" / "briefs").mkdir(parents=True)
    shutil.copy(REPO / "content" / "authors.yaml", tmp_path / "content" / "authors.yaml")
    return Project.at(tmp_path)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def field(instruction: str, shown: str) -> str:
    """A complex field: fldChar begin, instrText, separate, the shown text, end."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(shown)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def simple(instruction: str, shown: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} ">{run(shown)}</w:fldSimple>'


def marked(name: str, number: int, inner: str) -> str:
    return f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{inner}<w:bookmarkEnd w:id="{number}"/>'


def paragraph(body, inner: str, style: str = "") -> None:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body[-1].addprevious(parse_xml(f"<w:p {nsdecls('w')}>{props}{inner}</w:p>"))  # before w:sectPr


def add_style(document, style_id: str, name: str) -> None:
    document.styles.element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/></w:style>'
        )
    )


def picture(document, description: str) -> None:
    document.add_picture(io.BytesIO(png()))
    document.paragraphs[-1]._p.xpath(".//wp:docPr")[0].set("descr", description)  # noqa: SLF001


def word_manuscript(path: Path) -> Path:
    """As Word writes captions and cross-references (see the module docstring)."""
    document = docx.Document()
    document.core_properties.title = "Wind output in the north"
    document.core_properties.author = "Ada Lovelace"
    add_style(document, "Abbildungsbeschriftung", "Beschriftung")  # a German name
    add_style(document, "a5", "캡션")  # a Korean name
    add_style(document, "Caption", "Titulek")  # Word's built-in id, a name the import does not know
    body = document.element.body
    document.add_heading("Wind output in the north", level=1)  # the title
    document.add_heading("Methods", level=1)
    heading = document.paragraphs[-1]._p  # noqa: SLF001
    heading.insert(1, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="30" w:name="_Ref300"/>'))
    heading.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="30"/>'))
    paragraph(
        body,
        run("As ")
        + field("REF _Ref100 \\h", "Figure 1")
        + run(" shows, output rose; the costs are in ")
        + field("REF _Ref200 \\h", "Table 1")
        + run(". ")
        + field("REF _Ref100 \\h", "Figure 1")
        + run(" is from the operator. See ")
        + field("REF _Ref300 \\h", "Methods")
        + run(" and ")
        + field("REF _Ref999 \\h", "the appendix")
        + run("."),
    )
    picture(document, "Bars rising from 2010 to 2020")
    paragraph(
        body,
        marked("_Ref100", 10, run("Figure ") + field("SEQ Figure \\* ARABIC", "1"))
        + run(": ")
        + marked("_Ref102", 12, run("Annual output of wind farms")),  # Word's "Only caption text"
        "Caption",
    )
    paragraph(
        body,
        marked("_Ref200", 20, run("Table ") + simple("SEQ Table \\* ARABIC", "1"))
        + run(" – Turbine costs by site"),
        "Caption",
    )
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Site", "Cost", "North", "40"], strict=True):  # noqa: SLF001
        cell.text = text
    paragraph(
        body,
        run("The link to ")
        + '<w:hyperlink w:anchor="_Ref200">'
        + run("Table 1")
        + "</w:hyperlink>"
        + run(" works, as in figure ")
        + field("REF _Ref101 \\h", "1")
        + run(" and ")
        + field("REF _Ref400 \\h", "그림 3")
        + run("; ")
        + '<w:hyperlink w:anchor="_Ref100">'
        + run("the chart above")
        + "</w:hyperlink>"
        + run(" too; see ")
        + field("REF _Ref102 \\h", "Annual output of wind farms")
        + run("."),
    )
    picture(document, "Wind turbines on a ridge")
    paragraph(
        body,
        marked("_Ref101", 11, run("Abbildung ") + field("SEQ Abbildung \\* ARABIC", "2"))
        + run(" – Windräder im Norden"),
        "Abbildungsbeschriftung",
    )
    paragraph(  # a caption over its picture, in Korean: its id from the bookmark
        body,
        marked("_Ref400", 40, run("그림 ") + field("SEQ 그림 \\* ARABIC", "3")) + run(". 연간 생산량"),
        "a5",
    )
    picture(document, "A map of the farms")
    picture(document, "A fourth chart")
    paragraph(
        body, run("Figure ") + simple("SEQ Figure \\* ARABIC", "4") + run(". Output by month"), "Caption"
    )
    picture(document, "A fifth chart")
    paragraph(
        body, run("Figure ") + field("SEQ Figure \\* ARABIC", "5") + run(": Annual output of wind farms")
    )
    paragraph(body, run("Exhibit ") + simple("SEQ Exhibit", "6") + run(": nothing beside it"), "Caption")
    document.save(path)
    return path


def test_word_captions_and_cross_references_become_ids_and_references(project, tmp_path):
    result = import_draft(project, word_manuscript(tmp_path / "wind.docx"), to=project.briefs_dir / "wind.md")
    body = result.new.split("---\n", 2)[2]
    assert "## Methods {#sec-methods}" in body
    assert (
        "As @fig-annual-output-wind shows, output rose; the costs are in @tbl-turbine-costs-site. "
        "@Fig-annual-output-wind is from the operator. See [Methods](#sec-methods) and the appendix."
    ) in body
    assert re.search(
        r'!\[Bars rising from 2010 to 2020\]\(\.\./images/[\w-]+\.png "Annual output of wind farms"\)', body
    )
    assert '"Annual output of wind farms"){#fig-annual-output-wind}' in body
    assert "| North | 40 |\n\n: Turbine costs by site {#tbl-turbine-costs-site}\n" in body
    # a hyperlink to a caption's bookmark, a REF showing only the number after a typed label
    assert (
        "The link to @tbl-turbine-costs-site works, as in @fig-windrader-im-norden and @fig-400; "
        "[the chart above](#fig-annual-output-wind) too; see "
        "[Annual output of wind farms](#fig-annual-output-wind)."
    ) in body
    assert '"Windräder im Norden"){#fig-windrader-im-norden}' in body
    assert '"연간 생산량"){#fig-400}' in body  # over its picture; no ASCII words: the bookmark
    assert '"Output by month"){#fig-output-month}' in body  # fldSimple, Word's id "Caption", no bookmark
    assert '"Annual output of wind farms"){#fig-annual-output-wind-2}' in body  # by its SEQ field, unique
    assert "\nExhibit 6: nothing beside it\n" in body  # beside no picture or table: as Word shows it
    assert "Figure 1" not in body and "Table 1" not in body and "그림" not in body
    warnings = [str(w) for w in result.report.warnings]
    assert not any("could not be written in Markdown" in w for w in warnings), warnings
    assert any(
        "wind.docx: warning: paragraph 3: the link “the appendix” goes to Word's bookmark `_Ref999`" in w
        for w in warnings
    ), warnings
    assert (result.summary.captions, result.summary.references) == (6, 6)
    assert (result.summary.links_mapped, result.summary.links_dropped) == (3, 1)
    assert "6 captions with ids, 6 cross-references to them, 3 links to bookmarks mapped, 1 dropped" in (
        result.summary.line(len(warnings))
    )


@pytest.mark.slow
def test_the_imported_brief_passes_check_and_its_pdf_links_figure_1(project, tmp_path):
    import_draft(
        project, word_manuscript(tmp_path / "wind.docx"), to=project.briefs_dir / "wind.md", write=True
    )
    checked = run_check(project, [], jobs=1)
    assert not checked.report.errors, "\n".join(map(str, checked.report.errors))
    built = build(project, [], ["pdf"], out=tmp_path / "out", jobs=1)
    assert not built.report.errors, "\n".join(map(str, built.report.errors))
    reader = pypdf.PdfReader(tmp_path / "out" / "pdf" / "wind.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert re.search(r"As\s+Figure\s+1\s+shows", text) and re.search(r"in\s+Table\s+1\.", text)
    assert re.search(r"Figure\s+1\.\s+Annual output of wind farms", text)
    assert re.search(r"as in\s+Figure\s+2\s+and\s+Figure\s+3;\s+the chart above too", text)
    destinations = set(reader.named_destinations)
    assert {"fig-annual-output-wind", "tbl-turbine-costs-site", "sec-methods", "fig-400"} <= destinations
    targets = [
        str(annotation.get_object()["/Dest"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/Dest" in annotation.get_object()
    ]
    assert (
        targets.count("fig-annual-output-wind") >= 4
    )  # a link broken over lines: two and "tbl-turbine-costs-site" in targets
    assert "sec-methods" in targets


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:sequence-decls>
 <text:sequence-decl text:display-outline-level="0" text:name="Figure"/>
 <text:sequence-decl text:display-outline-level="0" text:name="Table"/>
</text:sequence-decls>
<text:h text:outline-level="1">Harbour costs</text:h>
<text:p>As <text:sequence-ref text:reference-format="category-and-value"
 text:ref-name="refFigure0">Figure 1</text:sequence-ref> shows, costs rose; <text:sequence-ref
 text:reference-format="category-and-value" text:ref-name="refTable0">Table 1</text:sequence-ref>
 lists them.</text:p>
<text:p><draw:frame draw:name="Image1" text:anchor-type="as-char" svg:width="4cm" svg:height="2cm">
 <draw:image><office:binary-data>PICTURE</office:binary-data></draw:image>
 <svg:desc>Bars of dredged volume</svg:desc></draw:frame></text:p>
<text:p text:style-name="Figure">Figure <text:sequence text:ref-name="refFigure0" text:name="Figure"
 text:formula="ooow:Figure+1" style:num-format="1">1</text:sequence>: Annual dredging output</text:p>
<text:p text:style-name="Table">Table <text:sequence text:ref-name="refTable0" text:name="Table"
 text:formula="ooow:Table+1" style:num-format="1">1</text:sequence>: Dredging contracts</text:p>
<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>Port</text:p></table:table-cell>
 <table:table-cell><text:p>Cost</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>North</text:p></table:table-cell>
 <table:table-cell><text:p>40</text:p></table:table-cell></table:table-row>
</table:table>
<text:p>The end.</text:p>
</office:text></office:body></office:document>
"""


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is needed to make the manuscript")
def test_libreoffice_captions_and_references(project, tmp_path):
    """LibreOffice's caption (`<text:sequence>` in a Figure paragraph) saved as DOCX: a SEQ field in
    a `Ref_Figure0_label_and_number` bookmark, its reference a REF field to it."""
    import base64

    source = tmp_path / "harbour.fodt"
    source.write_text(FODT.replace("PICTURE", base64.b64encode(png()).decode()))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "docx",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    made = tmp_path / "harbour.docx"
    import zipfile

    xml = zipfile.ZipFile(made).read("word/document.xml").decode()
    assert 'w:name="Ref_Figure0_label_and_number"' in xml and "REF Ref_Figure0_label_and_number" in xml
    result = import_draft(project, made, to=project.briefs_dir / "harbour.md")
    body = result.new.split("---\n", 2)[2]
    assert "As @fig-annual-dredging-output shows, costs rose; @tbl-dredging-contracts lists them." in body
    assert '"Annual dredging output"){#fig-annual-dredging-output}' in body
    assert "| North | 40 |\n\n: Dredging contracts {#tbl-dredging-contracts}\n" in body
    assert (result.summary.captions, result.summary.references) == (2, 2)
