# ruff: noqa: E501  (Word and ODF XML written out as Word and LibreOffice write it)
"""Makes this corpus's own Word files (the others are public test files: README.md). Run it from
the repository with the project's Python and LibreOffice (`soffice`) on the PATH:

    .venv/bin/python tests/importer/manuscripts/make_corpus.py

- writer-features.docx: a manuscript typed in LibreOffice (flat ODT, converted by `soffice`):
  Title, Subtitle, numbered headings, a footnote and an endnote, a text frame beside a paragraph,
  a table with merged cells and a list in a cell, a quotation, a caption, a bookmark link;
- word-features.docx: made with python-docx, then given what Word writes and python-docx cannot:
  a text box written twice (DrawingML in mc:Choice, VML in mc:Fallback), content controls around
  a paragraph, in a paragraph and around a table cell, an EMF picture, links to a heading's
  bookmark, to another bookmark and to an address with a fragment, lists that restart;
- word-features-lo.docx: word-features.docx opened and saved again by LibreOffice.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

HERE = Path(__file__).parent
POI_EMF = HERE / "poi-VariousPictures.docx"  # its wrench.emf (Apache-2.0) is the EMF used here

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:creator>Mina Park</dc:creator><meta:creation-date>2026-03-02T09:00:00</meta:creation-date></office:meta>
<office:body><office:text>
<text:p text:style-name="Title">Harbour Dredging Costs Are Rising Faster Than Port Fees</text:p>
<text:p text:style-name="Subtitle">A manuscript typed in LibreOffice Writer</text:p>
<text:h text:outline-level="1" text:style-name="Heading_20_1"><text:bookmark text:name="costs"/>1. Why dredging costs more</text:h>
<text:p text:style-name="Text_20_body">Ports dredge every year<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Harbour authority accounts, 2019 to 2025.</text:p></text:note-body></text:note> and the bill keeps growing<text:note text:id="edn1" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>Endnote text about sediment volumes.</text:p></text:note-body></text:note>.</text:p>
<text:p text:style-name="Text_20_body"><draw:frame draw:name="Sidebar" text:anchor-type="paragraph" svg:width="6cm" svg:height="3cm"><draw:text-box><text:p>Sidebar frame words: silt accumulates.</text:p></draw:text-box></draw:frame>The paragraph beside the frame.</text:p>
<text:h text:outline-level="2" text:style-name="Heading_20_2">1.1 Contract prices</text:h>
<text:p text:style-name="Quotations">A quotation from the harbour master about tenders.</text:p>
<table:table table:name="Costs">
<table:table-column table:number-columns-repeated="3"/>
<table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>Merged heading cell</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>Year</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:list><text:list-item><text:p>Listed dredger</text:p></text:list-item><text:list-item><text:p>Second dredger</text:p></text:list-item></text:list></table:table-cell><table:table-cell><text:p>Cell two</text:p></table:table-cell><table:table-cell><text:p>2025</text:p></table:table-cell></table:table-row>
</table:table>
<text:p text:style-name="Table">Table <text:sequence text:ref-name="refTable0" text:name="Table" text:formula="ooow:Table+1" style:num-format="1">1</text:sequence>: Dredging contracts by year</text:p>
<text:p text:style-name="Text_20_body">See <text:a xlink:type="simple" xlink:href="#costs">the costs section</text:a> and <text:a xlink:type="simple" xlink:href="https://example.org/report.pdf#page=4">page four of the report</text:a>.</text:p>
</office:text></office:body></office:document>
"""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NS = (
    f'{nsdecls("w", "wp", "a")} xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
TEXT_BOX = f"""<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="2000000" cy="800000"/>
<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="50" name="Text Box 1"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent><w:p><w:r><w:t>Boxed aside: tariffs doubled since 2019.</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:150pt;height:60pt" type="#_x0000_t202">
<v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed aside: tariffs doubled since 2019.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def bookmark(paragraph, name: str, ident: int) -> None:
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{ident}" w:name="{name}"/>')
    end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{ident}"/>')
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def anchor_link(paragraph, text: str, anchor: str) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w")} w:anchor="{anchor}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'
        )
    )


def url_link(document, paragraph, text: str, url: str, fragment: str) -> None:
    rid = document.part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}" w:anchor="{fragment}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'
        )
    )


def numbered(document, text: str, num_id: int) -> None:
    p = document.add_paragraph(text, style="List Number")
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def word_features(out: Path) -> None:
    document = docx.Document()
    document.core_properties.author = "Jo Writer"
    document.core_properties.created = __import__("datetime").datetime(2026, 4, 1, 9, 0)
    document.add_paragraph("Grid Storage Auctions Need Clearer Rules", style="Title")
    heading = document.add_heading("Background of the auctions", level=1)
    bookmark(heading, "_Toc459979385", 1)
    p = document.add_paragraph("The first auction cleared at a low price.")
    p._p.append(parse_xml(TEXT_BOX))
    document.add_paragraph("Intense words from the regulator.", style="Intense Quote")
    target = document.add_paragraph("A paragraph with a named bookmark in it.")
    bookmark(target, "detail", 2)
    link = document.add_paragraph("Go to ")
    anchor_link(link, "the background", "_Toc459979385")
    link.add_run(", to ")
    anchor_link(link, "the detail", "detail")
    link.add_run(" or to ")
    url_link(
        document, link, "the search result", "https://www.example.org/book", "v=onepage&amp;q&amp;f=true"
    )
    link.add_run(".")
    # block content control around a paragraph, inline one inside a paragraph
    document.add_paragraph("placeholder")._p.getparent()
    body = document.element.body
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Abstract"/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>Abstract inside a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.remove(document.paragraphs[-1]._p)
    body.insert(len(body) - 1, sdt)
    inline = document.add_paragraph("Reported by ")
    inline._p.append(
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:r><w:t>the grid operator</w:t></w:r>"
            "</w:sdtContent></w:sdt>"
        )
    )
    inline.add_run(" in March.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Region", "Capacity"
    table.cell(1, 0).text = "North"
    cell = table.cell(1, 1)._tc
    tr = cell.getparent()
    sdt_cell = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    tr.replace(cell, sdt_cell)
    sdt_cell.find(qn("w:sdtContent")).append(cell)
    cell.find(qn("w:p")).append(parse_xml(f"<w:r {nsdecls('w')}><w:t>Controlled cell 40 MW</w:t></w:r>"))
    document.add_heading("Numbers that restart", level=1)
    numbered(document, "First of list one", 1)
    numbered(document, "Second of list one", 1)
    document.add_paragraph("Between the lists.")
    numbered(document, "First of list two", 2)
    picture = document.add_paragraph()
    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 8), (10, 120, 200)).save(png, format="PNG")
    picture.add_run().add_picture(png)
    caption = document.add_paragraph("Figure 1: Cleared prices by round", style="Caption")
    assert caption
    document.save(out)
    _restart_numbering_and_emf(out)


def _restart_numbering_and_emf(path: Path) -> None:
    """numId 2 restarts numId 1's list (a startOverride, as Word's Restart Numbering writes it);
    the picture becomes an EMF."""
    with zipfile.ZipFile(POI_EMF) as poi:
        emf = poi.read("word/media/image4.emf")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    numbering = parts["word/numbering.xml"].decode()
    extra = (
        '<w:num w:numId="901"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="902"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    parts["word/numbering.xml"] = numbering.replace("</w:numbering>", extra + "</w:numbering>").encode()
    document = parts["word/document.xml"].decode()
    document = document.replace('w:numId w:val="1"/>', 'w:numId w:val="901"/>')
    document = document.replace('w:numId w:val="2"/>', 'w:numId w:val="902"/>')
    parts["word/document.xml"] = document.encode()
    media = next(name for name in parts if name.startswith("word/media/"))
    del parts[media]
    parts[media.rsplit(".", 1)[0] + ".emf"] = emf
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        media.split("/", 1)[1], media.split("/", 1)[1].rsplit(".", 1)[0] + ".emf"
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", '<Default Extension="emf" ContentType="image/x-emf"/></Types>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def soffice(source: Path, out_dir: Path, target: str = "docx:MS Word 2007 XML") -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                target,
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out_dir / (source.stem + ".docx")


def main() -> None:
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "writer-features.fodt").write_text(FODT, encoding="utf-8")
        shutil.copy(soffice(work / "writer-features.fodt", work), HERE / "writer-features.docx")
        word_features(HERE / "word-features.docx")
        shutil.copy(HERE / "word-features.docx", work / "word-features-lo.docx")
        (work / "out").mkdir()
        shutil.copy(soffice(work / "word-features-lo.docx", work / "out"), HERE / "word-features-lo.docx")


if __name__ == "__main__":
    main()
