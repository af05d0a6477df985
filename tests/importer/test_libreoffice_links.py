"""A draft saved by LibreOffice comes back with its links' targets as the brief wrote them: a link to
another brief's heading, which LibreOffice saves as `HYPERLINK "harbour-electrification.docx" \\l
"sec_2"`, is that brief's heading again, not a heading of this one; a picture LibreOffice saved
anew (a draft's picture lets the DRAFT mark through its white) is the same picture; and a link
whose target the draft did change is imported with a warning at the brief's line."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from drafts import project_copy

from briefexport.builder import build
from briefexport.importer import import_draft
from briefexport.importer.runs import hyperlink_target
from conftest import REPO

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SLUG = "digital-identity-draft"  # a draft: its pictures let the watermark through
ADDED = (
    "Harbours face the same choice between a quick launch and an inclusive one (see\n"
    "[what happens next](harbour-electrification.md#sec-2) there).\n\n"
    '![Bar chart of the old-age dependency ratio](../images/dependency-ratio.png "Dependency ratio")\n\n'
)


def test_a_hyperlink_field_to_a_bookmark_in_another_file_keeps_the_file():
    assert hyperlink_target('HYPERLINK "first-brief.docx" \\l "sec_2"') == "first-brief.docx#sec_2"
    assert hyperlink_target('HYPERLINK \\l "sec_2"') == "#sec_2"
    assert hyperlink_target('HYPERLINK "https://example.org/"') == "https://example.org/"


@pytest.fixture(scope="module")
def resaved(tmp_path_factory):
    """The project, its brief with a link to another brief's heading and a figure, and the brief's
    Word draft saved again by LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: tools/check-system.sh --test")
    root = tmp_path_factory.mktemp("lo-links")
    project = project_copy(REPO, root / "project")
    source = project.briefs_dir / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("## Conditions for", ADDED + "## Conditions for", 1), encoding="utf-8")
    result = build(project, [source], ["docx"], out=root / "out", jobs=1)
    assert result.ok, [str(d) for d in result.report.errors]
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{root / 'profile'}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(root / "resaved"),
            str(root / "out" / "docx" / f"{SLUG}.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return project, source, root / "resaved" / f"{SLUG}.docx"


def document_xml(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/document.xml").decode()


@pytest.mark.slow
def test_a_link_to_another_briefs_heading_comes_back_as_written(resaved):
    project, source, docx = resaved
    # relative to where LibreOffice wrote the file: the draft it links to is beside the draft
    fields = re.findall(r'HYPERLINK "([^"]*)" \\l "([^"]*)"', document_xml(docx).replace("&quot;", '"'))
    assert [(Path(path).name, anchor) for path, anchor in fields] == [
        ("harbour-electrification.docx", "sec_2")
    ]
    result = import_draft(project, docx)
    assert result.diff == "", result.diff  # the link, and the picture LibreOffice saved anew
    assert result.pictures == [] and result.report.diagnostics == []


@pytest.mark.slow
def test_a_link_whose_target_the_draft_changed_is_imported_with_a_warning(resaved, tmp_path):
    project, source, docx = resaved
    with zipfile.ZipFile(docx) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode()
    xml, count = re.subn(r"HYPERLINK &quot;[^&]*harbour-electrification\.docx&quot; ", "HYPERLINK ", xml)
    assert count == 1
    parts["word/document.xml"] = xml.encode()
    edited = tmp_path / f"{SLUG}.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    edited.write_bytes(buffer.getvalue())
    result = import_draft(project, edited)
    assert "[what happens next](#sec-2)" in result.new
    line = next(
        n for n, text in enumerate(source.read_text().splitlines(), 1) if "[what happens next]" in text
    )
    assert [str(d) for d in result.report.diagnostics] == [
        f"content/briefs/{SLUG}.md:{line - 1}:1: warning: the link “what happens next” goes to `#sec-2` in "
        "the draft, to `harbour-electrification.md#sec-2` in the brief: the draft's target is imported "
        "(check it, or put the link back in the brief after the import)"
    ]
