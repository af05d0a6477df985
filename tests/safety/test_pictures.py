"""The one picture rule (safety.pictures), held by the reader and by every writer alike: an SVG the
rule accepts goes into the PDF, the EPUB and the DOCX; one it refuses goes into none of them."""

from __future__ import annotations

import importlib.util
import shutil
import zipfile
from pathlib import Path

import pytest

from briefexport.builder import build, check
from briefexport.content import reader
from briefexport.errors import ContentError, Report
from briefexport.project import Project
from briefexport.safety.files import Refused
from briefexport.safety.pictures import check_svg, sniff
from briefexport.writers import FORMATS
from briefexport.writers.shared.layout import Layout
from conftest import ROOTS

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
STYLED = (
    f'<svg {SVG_NS} viewBox="0 0 40 20" width="400" height="200"><style>.bar {{ fill: #1B3A5C; }}</style>'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#2A9D8F"/></linearGradient></defs>'
    '<rect class="bar" id="r" width="10" height="20"/><use href="#r" x="15"/>'
    '<rect x="30" width="10" height="20" fill="url(#g)"/></svg>'
)
IMPORTING = f'<svg {SVG_NS} width="4" height="4"><style>@import url(http://127.0.0.1:9/x.css);</style></svg>'

SAFE = {
    "styled": STYLED,
    "doctype without subset": '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + STYLED,
    "comment": f"<!-- a chart --><svg {SVG_NS}/>",
}
DANGEROUS = {
    "style import": IMPORTING,
    "style url": f'<svg {SVG_NS}><style>rect {{ fill: url("http://x/p.png") }}</style></svg>',
    "attribute url": f'<svg {SVG_NS}><rect style="fill:url(file:///etc/passwd)"/></svg>',
    "stylesheet PI": f'<?xml-stylesheet href="http://x/s.css"?><svg {SVG_NS}/>',
    "script": f"<svg {SVG_NS}><script>alert(1)</script></svg>",
    "handler": f'<svg {SVG_NS} onload="alert(1)"/>',
    "external image": f'<svg {SVG_NS}><image href="chart.png"/></svg>',
    "xlink": f'<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="http://x/">x</a></svg>',
    "foreign object": f"<svg {SVG_NS}><foreignObject><p>x</p></foreignObject></svg>",
    "entity": '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
}


@pytest.mark.parametrize("name", SAFE)
def test_the_rule_accepts_a_harmless_svg(name):
    check_svg(SAFE[name].encode())


@pytest.mark.parametrize("name", DANGEROUS)
def test_the_rule_refuses_what_could_run_or_fetch(name):
    with pytest.raises(Refused, match="scripts, event handlers or references"):
        check_svg(DANGEROUS[name].encode())


def test_the_rule_refuses_what_is_not_an_svg():
    with pytest.raises(Refused, match="not an SVG picture"):
        check_svg(b"<html><body>not an svg</body></html>")
    with pytest.raises(Refused, match="not well-formed"):
        check_svg(b"<svg><rect></svg>")


def test_the_sniffer_names_pictures_by_their_bytes():
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff(b"GIF89a") == "image/gif"
    assert sniff(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert sniff(b"RIFF\0\0\0\0WAVEfmt ") is None
    assert sniff(STYLED.encode()) == "image/svg+xml"


def _project(root: Path, svg: str) -> Project:
    shutil.copytree(ROOTS / "only-content", root)
    (root / "content/images/chart.svg").write_text(svg, encoding="utf-8")
    brief = root / "content/briefs/ferry-charging.md"
    text = brief.read_text(encoding="utf-8").replace("../images/demand.png", "../images/chart.svg")
    brief.write_text(text, encoding="utf-8")
    return Project.at(root)


REFUSED = (
    "content/briefs/ferry-charging.md:17:1: error: image `../images/chart.svg`: "
    "the SVG contains scripts, event handlers or references to other files or URLs"
)
FORMAT_NAMES = [f for f in ("pdf", "epub", "docx") if importlib.util.find_spec(FORMATS[f].module)]


def test_an_svg_with_a_style_sheet_goes_into_every_format(tmp_path):
    project = _project(tmp_path / "project", STYLED)
    out = tmp_path / "out"
    result = build(project, formats=FORMAT_NAMES, out=out, jobs=1)
    # nothing refused, and no "Failed to load image" from WeasyPrint: the PDF drew the SVG
    assert [str(d) for d in result.report.diagnostics] == []
    assert (out / "pdf/ferry-charging.pdf").read_bytes().startswith(b"%PDF-")
    if "epub" in FORMAT_NAMES:
        with zipfile.ZipFile(out / "epub/ferry-charging.epub") as book:
            assert book.read("EPUB/images/chart.svg").decode() == STYLED
    if "docx" in FORMAT_NAMES:
        with zipfile.ZipFile(out / "docx/ferry-charging.docx") as word:
            svgs = [word.read(n).decode() for n in word.namelist() if n.endswith(".svg")]
            assert STYLED in svgs and len(svgs) == 2  # beside the brand's logo in the masthead


def test_an_svg_that_imports_a_style_sheet_goes_into_none(tmp_path):
    project = _project(tmp_path / "project", IMPORTING)
    assert [str(d) for d in check(project).errors] == [REFUSED]
    out = tmp_path / "out"
    result = build(project, formats=FORMAT_NAMES, out=out, jobs=1)
    assert [str(d) for d in result.report.errors] == [REFUSED]
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_writer_applies_the_rule_to_a_brief_made_without_the_reader(tmp_path, fmt):
    """A library user can hand a writer a Brief the reader never saw: the writer checks again."""
    project = _project(tmp_path / "project", STYLED)
    report = Report()
    brief = reader.read_brief(
        project.briefs_dir / "ferry-charging.md", project, reader.read_authors(project, report), report
    )
    (project.content / "images/chart.svg").write_text(IMPORTING, encoding="utf-8")  # swapped after reading
    with pytest.raises(ContentError) as refused:
        FORMATS[fmt].writer().render(brief, Layout(project), tmp_path / "out")
    assert [str(d) for d in refused.value.diagnostics] == [REFUSED]


def test_a_writer_reports_each_warning_once(tmp_path):
    """Warnings travel back in Rendered, never through the model: a WeasyPrint warning about a
    brief reaches the report once, even when the same brief is rendered in three formats."""
    project = Project.at(shutil.copytree(ROOTS / "only-content", tmp_path / "project"))
    layouts = project.root / "layouts" / "pdf"
    layouts.mkdir(parents=True)
    packaged = Path(FORMATS["pdf"].writer().__file__).parents[2] / "defaults/layouts/pdf/brief.css.j2"
    (layouts / "brief.css.j2").write_text(
        packaged.read_text(encoding="utf-8") + "\np { colr-typo: red; }\n", encoding="utf-8"
    )
    result = build(project, formats=["pdf", "html", "docx"], out=tmp_path / "out", jobs=1)
    warnings = [str(d) for d in result.report.diagnostics if "colr-typo" in d.message]
    assert len(warnings) == len(set(warnings)) >= 1
    assert all(w.startswith("content/briefs/ferry-charging.md") for w in warnings)
    assert len(result.report.diagnostics) == len(set(result.report.diagnostics))
