"""Captions, ids, boxes and cross-references back from Word (tests/roots/figures): an edited caption
comes back edited with its id, a table moved in Word keeps its id and its references, a box's text
edited in Word comes back inside its fence, a cross-reference inserted in Word with Insert
Cross-reference becomes `@tbl-...`. (An untouched draft giving no diff, with and without its
source and re-saved by LibreOffice, is test_roundtrip.py's, for this root too.)"""

from __future__ import annotations

import copy

import pytest
from drafts import docx_document, drafts, project_copy, save

from briefexport.importer import import_draft
from briefexport.writers.docx.oxml import el, field, qn, text_run
from conftest import ROOTS

W_TBL = qn("w:tbl")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    project = project_copy(ROOTS / "figures", folder / "project")
    return project, drafts(project, folder / "out")


def changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def paragraph_with(document, text: str):
    return next(p for p in document.paragraphs if text in p.text)


def test_a_caption_edited_in_word_comes_back_edited_with_its_id(made, tmp_path):
    project, docs = made
    document = docx_document(docs["ferries"])
    caption = paragraph_with(document, "Routes and their daily crossings")
    run = next(r for r in caption.runs if "Routes and their daily crossings" in r.text)
    run.text = run.text.replace("summer 2026", "summer and autumn 2026")
    figure = paragraph_with(document, "Crossings per year")
    run = next(r for r in figure.runs if "Crossings per year" in r.text)
    run.text = run.text.replace("Crossings per year", "Crossings a year")
    result = import_draft(project, save(document, tmp_path / "edited.docx"))
    assert changed_lines(result.diff) == [
        "-: Routes and their daily crossings, summer 2026 {#tbl-routes}",
        "+: Routes and their daily crossings, summer and autumn 2026 {#tbl-routes}",
        "-![Bar chart of yearly crossings from 2022 to 2025, rising every year.](../images/ferries.png "
        '"Crossings per year, 2022--2025"){#fig-crossings}',
        "+![Bar chart of yearly crossings from 2022 to 2025, rising every year.](../images/ferries.png "
        '"Crossings a year, 2022–2025"){#fig-crossings}',
    ]


def test_a_table_moved_in_word_keeps_its_id_and_its_references(made, tmp_path):
    project, docs = made
    document = docx_document(docs["ferries"])
    caption = paragraph_with(document, "Routes and their daily crossings")._p
    table = caption.getnext()
    assert table.tag == W_TBL
    anchor = paragraph_with(document, "Summer brings twice")._p  # under ### Demand by Season
    anchor.addnext(caption)
    caption.addnext(table)
    result = import_draft(project, save(document, tmp_path / "moved.docx"))
    lines = result.new.splitlines()
    top = lines.index("| Route | Operator | Crossings per day |")
    assert lines[top : top + 6] == [
        "| Route | Operator | Crossings per day |",
        "|---|---|---:|",
        "| North islands | Bluewater | 14 |",
        "| South islands | Tern Lines | 9 |",
        "",
        ": Routes and their daily crossings, summer 2026 {#tbl-routes}",
    ]
    assert lines.index("### Demand by Season") < top  # now in the subsection, its caption and id with it
    before = (project.briefs_dir / "ferries.md").read_text(encoding="utf-8")
    assert result.new.count("@tbl-routes") == before.count("@tbl-routes") == 3  # the references stay
    assert all(line.startswith(("+", "-")) for line in changed_lines(result.diff))
    assert not [line for line in changed_lines(result.diff) if "@tbl-routes" in line]


def test_a_box_edited_in_word_comes_back_inside_its_fence(made, tmp_path):
    project, docs = made
    document = docx_document(docs["ferries"])
    paragraph = paragraph_with(document, "A crossing is one sailing")
    run = next(r for r in paragraph.runs if "one sailing" in r.text)
    run.text = run.text.replace("one sailing", "one scheduled sailing")
    item = paragraph_with(document, "Extra summer sailings are counted.")
    assert item.style.name == "Box Text"
    result = import_draft(project, save(document, tmp_path / "box.docx"))
    assert changed_lines(result.diff) == [
        "-A crossing is one sailing in one direction, counted from the harbour master's log.",
        "+A crossing is one scheduled sailing in one direction, counted from the harbour master’s log.",
    ]
    lines = result.new.splitlines()
    edited = next(n for n, line in enumerate(lines) if "one scheduled sailing" in line)
    assert lines[edited - 1] == '::: {.box title="How the \\"crossings\\" were counted"}'
    assert lines[edited + 1 : edited + 5] == [
        "",
        "- Cancelled sailings are left out.",
        "- Extra summer sailings are counted.",
        ":::",
    ]


def test_a_cross_reference_inserted_in_word_becomes_one(made, tmp_path):
    """Insert Cross-reference in Word: a REF field to the caption's bookmark, showing "Table 1"."""
    project, docs = made
    document = docx_document(docs["ferries"])
    paragraph = paragraph_with(document, "The lead paragraph says")
    paragraph._p.append(text_run(" See "))  # noqa: SLF001
    paragraph._p.append(field("REF _Ref_tbl_routes \\h", "Table 1"))  # noqa: SLF001
    paragraph._p.append(el("w:r", None, copy.deepcopy(text_run(".")[0])))  # noqa: SLF001
    result = import_draft(project, save(document, tmp_path / "xref.docx"))
    # the paragraph's line kept as written, the words added after it on a line of their own
    assert changed_lines(result.diff) == ["+See @tbl-routes."]
