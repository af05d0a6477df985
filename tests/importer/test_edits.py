"""Staff edit a Word draft with python-docx the way a person would in Word, and the imported diff
holds exactly those edits: every other line of the brief stays as it is written."""

from __future__ import annotations

import copy
import re

import pytest
from docx.oxml.ns import qn

from briefexport.errors import ContentError
from briefexport.importer import import_draft
from conftest import REPO
from importer.drafts import docx_document, drafts, model, project_copy, save

SLUG = "grid-storage-auctions"


@pytest.fixture
def sample(tmp_path):
    project = project_copy(REPO, tmp_path / "project")
    docx = drafts(project, tmp_path / "out")[SLUG]
    return project, docx, project.briefs_dir / f"{SLUG}.md"


def changed(diff: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) of a unified diff."""
    lines = [line for line in diff.splitlines() if not line.startswith(("---", "+++", "@@"))]
    return [line[1:] for line in lines if line.startswith("-")], [
        line[1:] for line in lines if line.startswith("+")
    ]


def paragraph(document, starts: str):
    return next(p for p in document.paragraphs if p.text.startswith(starts))


def source_lines(source, starts: str) -> list[str]:
    """The lines of the source paragraph that begins with `starts`."""
    lines = source.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith(starts))
    end = next(i for i in range(first, len(lines)) if not lines[i].strip())
    return lines[first:end]


@pytest.mark.slow
def test_an_unchanged_paragraph_retyped_in_several_runs_is_no_change(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    p = paragraph(document, "The gap matters")
    text = p.text
    for run in list(p.runs):
        run._r.getparent().remove(run._r)
    for piece in re.findall(r".{1,17}", text):  # Word splits runs as it is edited (rsids, spell check)
        p.add_run(piece)
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    assert result.diff == ""


def test_a_retyped_paragraph_with_a_word_changed(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    p = paragraph(document, "The gap matters")
    text = p.text.replace("two\nageing", "two ageing").replace("ageing oil-fired", "ageing coal-fired")
    for run in list(p.runs):
        run._r.getparent().remove(run._r)
    p.add_run(text[:30])
    p.add_run(text[30:])
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    removed, added = changed(result.diff)
    # only the line with the changed word: the paragraph's other lines are kept as they are wrapped
    assert removed == [line for line in source_lines(source, "The gap matters") if "oil-fired" in line]
    assert added == [removed[0].replace("oil-fired", "coal-fired")]


@pytest.mark.slow
def test_a_paragraph_added_under_a_heading(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    heading = paragraph(document, "Why Are Projects Stalling")
    new = copy.deepcopy(paragraph(document, "Interviews with developers")._p)
    heading._p.addnext(new)
    for run in new.findall(qn("w:r"))[1:]:
        new.remove(run)
    new.find(qn("w:r")).find(qn("w:t")).text = "A paragraph *staff* added in Word: 5 < 6 & [so] it_is."
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    removed, added = changed(result.diff)
    assert removed == []
    typed = r"A paragraph \*staff\* added in Word: 5 < 6 & \[so\] it_is."
    assert sorted(added) == ["", typed]
    text = result.new.split("\n")
    at = text.index("## Why Are Projects Stalling Between Award and Operation? {#sec-stalling}")
    assert text[at + 1 : at + 4] == ["", typed, ""]
    outline = model(project, source, result.new)["outline"]
    assert {
        "type": "inline",
        "tag": "",
        "line": at + 3,
        "text": "A paragraph *staff* added in Word: 5 < 6 & [so] it_is.",
    } in outline


def test_a_table_cell_changed(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    cell = document.tables[0].rows[1].cells[1]
    cell.paragraphs[0].runs[0].text = "550"
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    assert changed(result.diff) == (
        ["| Round 1 (2022) | 500 | 2.0 | 118 |"],
        ["| Round 1 (2022) | 550 | 2.0 | 118 |"],
    )
    assert model(project, source, result.new)["table_aligns"] == model(project, source)["table_aligns"]


def footnotes_part(document):
    return next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes"))


def test_a_footnote_edited(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    part = footnotes_part(document)
    part._blob = part.blob.replace(
        b"Figures are rounded to the nearest 0.1 GW.", b"Figures are rounded to the nearest 0.05 GW."
    )
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    removed, added = changed(result.diff)
    assert len(removed) == 1 and removed[0].startswith(
        "[^2]: MIPS calculation"
    )  # written on one line: kept so
    assert added == [removed[0].replace("0.1 GW", "0.05 GW")]


def without(sample, tmp_path, starts: str):
    """The draft with the paragraph that begins with `starts` deleted, imported."""
    project, docx, _ = sample
    document = docx_document(docx)
    p = paragraph(document, starts)
    p._p.getparent().remove(p._p)
    return import_draft(project, save(document, tmp_path / "d.docx"))


def test_a_bullet_deleted(sample, tmp_path):
    removed, added = changed(without(sample, tmp_path, "transparent reporting of each contracted").diff)
    assert added == []
    assert removed == [
        "- transparent reporting of each contracted project's status, so that the gap between",
        "  contracted and operational capacity is visible to investors and the public;",
    ]


def test_a_numbered_item_deleted_and_a_nested_bullet_edited(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    p = paragraph(document, "Reward duration explicitly.")
    p._p.getparent().remove(p._p)
    bullet = paragraph(document, "Network companies should publish")
    bullet.runs[0].text = bullet.runs[0].text.replace("six months", "nine months")
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    removed, added = changed(result.diff)
    assert (
        removed[0] == "     substation at least six months before every round."
    )  # the bullet's second line only
    assert added == ["     substation at least nine months before every round."]
    assert removed[1].startswith("3. **Reward duration explicitly.**") and len(removed) == 4


def test_the_title_changed_goes_to_the_front_matter(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    title = paragraph(document, "Storage Auctions Have Delivered")
    title.runs[0].text = 'Storage Auctions: What "Cheap" Capacity Costs'
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    removed, added = changed(result.diff)
    assert removed == [line for line in source.read_text().split("\n") if line.startswith("title:")]
    assert added == ['title: "Storage Auctions: What \\"Cheap\\" Capacity Costs"']
    assert (
        model(project, source, result.new)["meta"]["title"] == "Storage Auctions: What “Cheap” Capacity Costs"
    )  # smart quotes


def test_the_subtitle_deleted_goes_from_the_front_matter(sample, tmp_path):
    assert changed(without(sample, tmp_path, "Lessons from five rounds").diff) == (
        ["subtitle: Lessons from five rounds of competitive battery procurement"],
        [],
    )


def test_smart_quotes_and_no_break_spaces_stay_the_characters_they_are(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    p = paragraph(document, "As one network planner")
    p.runs[0].text = "As one network planner put it during our consultations, \u201cin\u00a0short\u201d:"
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    assert changed(result.diff)[1] == [
        "As one network planner put it during our consultations, \u201cin\u00a0short\u201d:"
    ]


def test_bold_italic_code_and_a_link_typed_in_word(sample, tmp_path):
    project, docx, source = sample
    document = docx_document(docx)
    p = paragraph(document, "As one network planner")
    p.runs[0].text = "As one "
    bold = p.add_run("network planner")
    bold.bold = True
    p.add_run(" put ").italic = True
    p.add_run("it")
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    assert changed(result.diff)[1] == ["As one **network planner** *put* it"]


def test_a_newer_source_is_refused_unless_forced(sample, tmp_path):
    project, docx, source = sample
    source.write_text(source.read_text().replace("fifth storage auction", "fifth battery auction"))
    with pytest.raises(ContentError) as caught:
        import_draft(project, docx)
    message = str(caught.value)
    assert (
        "content/briefs/grid-storage-auctions.md: error: the brief changed after this draft was made"
        in message
    )
    assert re.search(
        r"the draft is from version [0-9a-f]{12}, the brief is now version [0-9a-f]{12}", message
    )
    forced = import_draft(project, docx, force=True)
    assert changed(forced.diff)[0][0].endswith("published the results of its fifth battery auction,")


def test_the_same_draft_imported_again_after_write_is_no_change(sample, tmp_path):
    """After `import --write` the brief is newer than the draft but holds exactly its text: importing
    the draft again says "no changes" instead of refusing; a brief changed since is still refused."""
    from click.testing import CliRunner

    from briefexport.cli import main

    project, docx, source = sample
    document = docx_document(docx)
    p = paragraph(document, "The gap matters")
    p.add_run(" Nobody disputes this.")
    edited = save(document, tmp_path / "d.docx")
    runner = CliRunner()
    arguments = ["import", str(edited), "--project", str(project.root)]
    first = runner.invoke(main, [*arguments, "--write"])
    assert first.exit_code == 0 and "Nobody disputes this." in source.read_text(), first.output
    again = runner.invoke(main, arguments)
    assert (again.exit_code, again.stdout) == (0, ""), again.output
    assert again.stderr.strip().endswith(f"no changes to content/briefs/{SLUG}.md")
    written = runner.invoke(main, [*arguments, "--write"])
    assert written.exit_code == 0 and f"content/briefs/{SLUG}.md unchanged" in written.stderr
    source.write_text(source.read_text().replace("fifth storage auction", "fifth battery auction"))
    refused = runner.invoke(main, arguments)
    assert refused.exit_code == 1 and "the brief changed after this draft was made" in refused.stderr


def test_links_come_back_as_the_brief_wrote_them():
    """A Word bookmark link is the `#fragment` again; a relative link LibreOffice rewrote from the
    draft's folder is the brief's own relative link again (by file name)."""
    from briefexport.importer import ir
    from briefexport.importer.notes import fix_anchors
    from briefexport.importer.source import read_source

    source = read_source(
        "See [a](#sec-2), [b](../authors.yaml), [c](edge.md) and [d](https://example.org).\n", "x"
    )
    blocks = (
        ir.Paragraph(
            (
                ir.Text("a", link="#sec_2"),
                ir.Text("b", link="../build/authors.yaml"),
                ir.Text("c", link="../build/docx/edge.md"),
                ir.Text("d", link="https://example.org/"),
                ir.Text("e", link="#sec_7"),
            )
        ),
    )
    links = [item.link for item in fix_anchors(blocks, source.anchors)[0].inlines]
    assert links == ["#sec-2", "../authors.yaml", "edge.md", "https://example.org/", "#sec-7"]


def test_straight_quotes_in_a_korean_brief_are_no_change(tmp_path):
    """Korean keeps the quotes its author typed, English curls them: the importer reads the source
    in the brief's own language, so an untouched Korean paragraph with straight quotes stays."""
    project = project_copy(REPO, tmp_path / "project")
    source = project.briefs_dir / "grid-storage-auctions-ko.md"
    text = source.read_text(encoding="utf-8")
    head, fence, body = text.partition("\n---\n")
    body = body.replace("\n\n", '\n\n그는 "좋은 계약" 이라고 했다.\n\n', 1)  # English rules would curl these
    source.write_text(head + fence + body, encoding="utf-8")
    docx = drafts(project, tmp_path / "out")["grid-storage-auctions-ko"]
    assert '"좋은 계약"' in "\n".join(p.text for p in docx_document(docx).paragraphs)
    assert import_draft(project, docx).diff == ""


def test_an_edited_paragraph_keeps_its_other_lines_and_wraps_the_edit_like_the_source(sample, tmp_path):
    """Word keeps no line breaks; the import keeps the source's lines before and after the edit,
    wraps what changed no wider than the source's own paragraphs, and reads back as Word has it."""
    project, docx, source = sample
    document = docx_document(docx)
    p = paragraph(document, "The gap matters")
    insert = " (a decision the authority took without consulting the regional operators)"
    p.runs[-1].text = p.runs[-1].text.replace("planned around it.", "planned around it" + insert + ".")
    result = import_draft(project, save(document, tmp_path / "d.docx"))
    before = source_lines(source, "The gap matters")
    removed, added = changed(result.diff)
    assert removed == before[:1]  # the edit is on the paragraph's first line
    width = max(
        len(line) for line in source.read_text(encoding="utf-8").split("\n") if not line.startswith("|")
    )
    assert len(added) >= 2 and all(len(line) <= width for line in added)
    assert " ".join(added) == before[0].replace("planned around it.", "planned around it" + insert + ".")
