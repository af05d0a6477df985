"""A soft line break (text continued on the next source line, as Markdown allows and as `import`
writes long footnotes) is a space in every format: a footnote written over two lines, its second
line indented, prints on one line in the PDF and reads as one line in the EPUB, the Word draft
and the web edition."""

from __future__ import annotations

import re
import zipfile

import docx
import pypdf
import pytest

from briefexport.builder import build
from conftest import ROOTS, copy_project

pytestmark = pytest.mark.slow  # one brief built in every format

NOTE = "Estimate for a 100-car ferry charging during a 20-minute turnaround."


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("soft-breaks")
    project = copy_project(root / "project", ROOTS / "only-content", with_layouts=False)
    brief = project.briefs_dir / "ferry-charging.md"
    text = brief.read_text(encoding="utf-8")
    assert f"[^1]: {NOTE}\n" in text
    brief.write_text(
        text.replace(
            f"[^1]: {NOTE}", "[^1]: Estimate for a 100-car ferry\n    charging during a 20-minute turnaround."
        ),
        encoding="utf-8",
    )
    out = root / "out"
    result = build(project, formats=["pdf", "html", "docx", "epub", "site"], out=out)
    assert result.ok, [str(d) for d in result.report.errors]
    return out


def test_the_pdf_prints_the_note_on_one_line(built):
    lines = [
        line.strip()
        for page in pypdf.PdfReader(built / "pdf" / "ferry-charging.pdf").pages
        for line in page.extract_text().split("\n")
    ]
    assert f"1. {NOTE}" in lines, [line for line in lines if "ferry" in line]


def test_the_epub_note_reads_as_one_line(built):
    with zipfile.ZipFile(built / "epub" / "ferry-charging.epub") as book:
        chapter = next(book.read(n).decode() for n in book.namelist() if n.endswith("ferry-charging.xhtml"))
    note = re.search(r'<aside [^>]*id="fn-1">(.*?)</aside>', chapter, re.DOTALL).group(1)
    assert NOTE in re.sub(r"<[^>]+>", "", note)


def test_the_word_draft_note_reads_as_one_line(built):
    with zipfile.ZipFile(built / "docx" / "ferry-charging.docx") as draft:
        notes = draft.read("word/footnotes.xml").decode()
    assert NOTE in "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", notes))
    assert docx.Document(str(built / "docx" / "ferry-charging.docx"))  # python-docx reopens it


def test_the_web_edition_note_and_its_pop_up_read_as_one_line(built):
    page = (built / "site" / "briefs" / "ferry-charging" / "index.html").read_text(encoding="utf-8")
    assert page.count(NOTE) == 2  # the notes list and the pop-up
    assert (built / "html" / "ferry-charging.html").read_text(encoding="utf-8").count(NOTE) == 1
