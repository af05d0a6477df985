"""Drafts that are not what they should be: tracked changes, comments, pictures new in Word, a
Word file briefexport did not make, and hostile files (corrupt, zip bombs, XML entities, huge).
Every refusal is a clear error, and nothing is written."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import etree

from briefexport.cli import main
from briefexport.errors import ContentError
from briefexport.importer import import_draft
from briefexport.importer.archive import MAX_FILE_BYTES
from briefexport.safety.pictures import check_picture
from conftest import REPO
from importer.drafts import docx_document, drafts, model, project_copy, save

SLUG = "grid-storage-auctions"


@pytest.fixture
def sample(tmp_path):
    project = project_copy(REPO, tmp_path / "project")
    return project, drafts(project, tmp_path / "out")[SLUG], project.briefs_dir / f"{SLUG}.md"


def paragraph(document, starts: str):
    return next(p for p in document.paragraphs if p.text.startswith(starts))


def unchanged(project, source, before: bytes) -> None:
    assert source.read_bytes() == before
    assert sorted(p.name for p in (project.content / "images").iterdir()) == [
        "dependency-ratio.png",
        "storage-capacity-ko.png",
        "storage-capacity.png",
    ]


def revise(document) -> None:
    """An insertion and a deletion with Track Changes on, as Word writes them."""
    p = paragraph(document, "The gap matters")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    inserted = etree.fromstring(
        f'<w:ins xmlns:w="{w}" w:id="91" w:author="Ana Editor" w:date="2026-05-01T10:00:00Z">'
        '<w:r><w:t xml:space="preserve"> Staff added this sentence.</w:t></w:r></w:ins>'
    )
    deleted = etree.fromstring(
        f'<w:del xmlns:w="{w}" w:id="92" w:author="Ana Editor" w:date="2026-05-01T10:00:00Z">'
        "<w:r><w:delText>The gap matters because </w:delText></w:r></w:del>"
    )
    p._p.append(inserted)
    first = p.runs[0]
    first.text = first.text.replace("The gap matters because ", "")
    first._r.addprevious(deleted)


@pytest.mark.slow
def test_tracked_changes_are_refused_then_accepted(sample, tmp_path):
    project, docx_path, source = sample
    document = docx_document(docx_path)
    revise(document)
    draft = save(document, tmp_path / "tracked.docx")
    before = source.read_bytes()
    with pytest.raises(ContentError) as caught:
        import_draft(project, draft, write=True)
    lines = [str(d) for d in caught.value.diagnostics]
    assert lines[0].startswith("../tracked.docx: error: 2 tracked change(s) not accepted (paragraph ")
    assert any('insertion by Ana Editor: " Staff added this sentence."' in line for line in lines)
    assert any('deletion by Ana Editor: "The gap matters because "' in line for line in lines)
    unchanged(project, source, before)
    result = import_draft(project, draft, accept_changes=True)
    new = result.new.replace("\n", " ")
    assert "system has been planned around it. Decisions" in new and "Staff added this sentence." in new
    assert "The gap matters because" not in new


@pytest.mark.slow
def test_a_comment_is_reported_with_the_text_it_anchors(sample, tmp_path):
    project, docx_path, source = sample
    document = docx_document(docx_path)
    p = paragraph(document, "The gap matters")
    document.add_comment(p.runs[0], text="Source for this?", author="Ana Editor")
    result = import_draft(project, save(document, tmp_path / "comment.docx"))
    assert result.diff == ""
    warnings = [str(d) for d in result.report.warnings]
    assert any(
        w.startswith('../comment.docx: warning: comment by Ana Editor on "The gap matters because the system')
        and w.endswith(": Source for this?")
        for w in warnings
    ), warnings


def png(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.slow
def test_a_picture_new_in_word_goes_under_content_images(sample, tmp_path):
    project, docx_path, source = sample
    document = docx_document(docx_path)
    anchor = paragraph(document, "The gap matters")
    new = document.add_paragraph()
    new.add_run().add_picture(io.BytesIO(png()))
    new._p.find(f".//{qn('wp:docPr')}").set("descr", "A red test block / 2026")
    anchor._p.addnext(new._p)
    draft = save(document, tmp_path / "picture.docx")
    preview = import_draft(project, draft)
    assert (
        "![A red test block / 2026](../images/grid-storage-auctions-a-red-test-block-2026.png)"
        in preview.diff
    )
    assert not (project.content / "images" / "grid-storage-auctions-a-red-test-block-2026.png").exists()
    result = import_draft(project, draft, write=True)
    picture = project.content / "images" / "grid-storage-auctions-a-red-test-block-2026.png"
    assert picture.read_bytes() == png() and check_picture(picture) == "image/png"
    assert source.read_text(encoding="utf-8") == result.new
    assert (
        model(project, source)["images"][1]["src"]
        == "../images/grid-storage-auctions-a-red-test-block-2026.png"
    )
    # the same picture again is the file now there, not a second copy (the brief is newer now: --force)
    assert import_draft(project, draft, force=True).diff == ""


def test_a_picture_that_breaks_the_picture_rule_is_refused(sample, tmp_path):
    project, docx_path, source = sample
    document = docx_document(docx_path)
    from PIL import Image

    bmp = io.BytesIO()  # a BMP is converted to PNG first; a 100000 x 100000 one breaks the rule
    Image.new("1", (10, 10)).save(bmp, format="BMP")
    data = bytearray(bmp.getvalue())
    data[18:26] = (100_000).to_bytes(4, "little") * 2
    paragraph(document, "The gap matters").add_run().add_picture(io.BytesIO(bmp.getvalue()))
    draft = save(document, tmp_path / "bmp.docx")
    members = members_of(draft)
    media = next(name for name in members if name.endswith(".bmp"))
    members[media] = bytes(data)
    zip_with(draft, members)
    before = source.read_bytes()
    with pytest.raises(ContentError, match="over the limit of 89 million pixels"):
        import_draft(project, draft, write=True)
    unchanged(project, source, before)


@pytest.mark.slow
def test_a_word_file_briefexport_did_not_make(sample, tmp_path):
    project, _, _ = sample
    document = docx.Document()
    document.core_properties.author = "Jo Writer"
    document.add_paragraph("A Brief Typed Straight Into Word", style="Title")
    document.add_paragraph("The lead paragraph, with a ")
    document.paragraphs[-1].add_run("bold").bold = True
    document.paragraphs[-1].add_run(" word.")
    document.add_heading("A Section", level=1)
    document.add_paragraph("First point", style="List Bullet")
    document.add_paragraph("Second point", style="List Bullet")
    result = import_draft(project, save(document, tmp_path / "foreign.docx"))
    assert any(
        "not made by briefexport: its front matter comes from the file" in str(w)
        for w in result.report.warnings
    )
    assert result.target == project.briefs_dir / "a-brief-typed-straight-into-word.md"
    assert result.new.startswith("---\ntitle: A Brief Typed Straight Into Word\ndate: ")
    assert "authors:\n  - name: Jo Writer\nstatus: draft\n---\n" in result.new
    assert result.new.endswith(
        "The lead paragraph, with a **bold** word.\n\n## A Section\n\n- First point\n- Second point\n"
    )


@pytest.mark.slow
def test_a_word_file_with_nothing_usable_is_refused(sample, tmp_path):
    project, _, _ = sample
    with pytest.raises(ContentError, match="nothing to import: the document has no title and no text"):
        import_draft(project, save(docx.Document(), tmp_path / "empty.docx"))


def zip_with(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def members_of(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.slow
def test_hostile_files_are_refused_clearly_and_nothing_is_written(sample, tmp_path):
    project, docx_path, source = sample
    before = source.read_bytes()
    cases = {}
    cases["corrupt"] = docx_path.read_bytes()[: len(docx_path.read_bytes()) // 2]
    bomb = tmp_path / "bomb.docx"
    parts = members_of(docx_path)
    parts["word/document.xml"] = b"<x>" + b" " * (40 * 1024 * 1024) + b"</x>"
    zip_with(bomb, parts)
    cases["bomb"] = bomb.read_bytes()
    ratio = tmp_path / "ratio.docx"
    parts = members_of(docx_path)
    parts["word/media/image1.png"] = b"\0" * (9 * 1024 * 1024)
    zip_with(ratio, parts)
    cases["ratio"] = ratio.read_bytes()
    xxe = tmp_path / "xxe.docx"
    parts = members_of(docx_path)
    parts["word/document.xml"] = (
        parts["word/document.xml"]
        .replace(
            b"<w:document", b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document', 1
        )
        .replace(b"The gap matters", b"&x; The gap matters")
    )
    zip_with(xxe, parts)
    cases["xxe"] = xxe.read_bytes()
    expected = {
        "corrupt": "not a Word document: the file is not a readable zip archive",
        "bomb": "the part word/document.xml would inflate to 40 MB, over the limit of 32 MB",
        "ratio": "is compressed",
        "xxe": "declares a document type or entities, which Word never writes",
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        with pytest.raises(ContentError) as caught:
            import_draft(project, path, write=True)
        assert expected[name] in str(caught.value), (name, str(caught.value))
        assert "root:" not in str(caught.value)
    huge = tmp_path / "huge.docx"
    with huge.open("wb") as handle:  # a 200 MB document, refused by its size before it is read
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(
        ContentError, match=f"the file is 200 MB, over the limit of {MAX_FILE_BYTES // 2**20} MB"
    ):
        import_draft(project, huge, write=True)
    unchanged(project, source, before)


@pytest.mark.slow
def test_the_command_exit_codes_and_write(sample, tmp_path, monkeypatch):
    project, docx_path, source = sample
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    document = docx_document(docx_path)
    paragraph(document, "The gap matters").runs[0].text = "The gap matters."
    edited = save(document, tmp_path / "edited.docx")
    shown = runner.invoke(main, ["import", str(edited)])
    assert shown.exit_code == 0 and shown.output.startswith("--- a/content/briefs/grid-storage-auctions.md")
    assert "+The gap matters." in shown.output
    written = runner.invoke(main, ["import", str(edited), "--write"])
    assert written.exit_code == 0 and "wrote content/briefs/grid-storage-auctions.md" in written.output
    assert "\nThe gap matters.\n" in source.read_text(encoding="utf-8")
    again = runner.invoke(main, ["import", str(edited)])  # newer than the draft, but holds its text
    assert again.exit_code == 0 and "no changes to content/briefs/grid-storage-auctions.md" in again.output
    source.write_text(source.read_text(encoding="utf-8").replace("The gap matters.", "The gap matters!"))
    assert (
        runner.invoke(main, ["import", str(edited)]).exit_code == 1
    )  # the brief is now newer than the draft
    assert runner.invoke(main, ["import", str(edited), "--force"]).exit_code == 0
    assert runner.invoke(main, ["import", "missing.docx"]).exit_code == 2
    assert runner.invoke(main, ["import", str(edited), "--to", "/tmp/elsewhere.md"]).exit_code == 2
    assert not list(source.parent.glob(".*.tmp"))
