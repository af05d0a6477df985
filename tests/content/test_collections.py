"""Which briefs a collection holds: by slug, by glob, and `!` to leave some out. A glob leaves
drafts out (a note, not an error: the starter's own `*` collection holds a draft); a draft named by
its slug is an error in `check` and in the build alike, unless drafts are allowed."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from briefexport.builder import Drafts, build, check
from briefexport.cli import main
from content.test_reader import GOOD_FRONT, brief_text, make_project


def _front(title: str, number: str, status: str = "final") -> str:
    return (
        GOOD_FRONT.replace("A Good Brief", title).replace('"2026-01"', f'"{number}"') + f"status: {status}\n"
    )


def project_with(tmp_path, briefs_entry: str):
    """Briefs a, b (final) and wip (a draft); collection book.yaml holding `briefs_entry`."""
    project = make_project(
        tmp_path / "p",
        {
            "a": brief_text(_front("Brief A", "2026-01")),
            "b": brief_text(_front("Brief B", "2026-02")),
            "wip": brief_text(_front("Work in Progress", "2026-03", "draft")),
        },
    )
    project.collections_dir.mkdir()
    (project.collections_dir / "book.yaml").write_text(f"title: Book\nbriefs: {briefs_entry}\n")
    return project


def chapters(epub) -> list[str]:
    with zipfile.ZipFile(epub) as book:
        return sorted(n.rsplit("/", 1)[1] for n in book.namelist() if n.startswith("EPUB/text/"))


NOTE = (
    "content/collections/book.yaml:2:10: note: briefs: `wip` is a draft, left out of the book (it joins "
    "when its `status:` is `final`; --allow-drafts takes drafts in)"
)


@pytest.mark.slow
def test_a_glob_leaves_drafts_out_with_a_note_and_the_build_passes(tmp_path):
    project = project_with(tmp_path, '["*"]')
    assert [str(d) for d in check(project).sorted()] == [NOTE]
    out = project.root / "build"
    result = build(project, formats=["epub"], out=out, jobs=1)
    assert result.ok and [str(d) for d in result.report.sorted()] == [NOTE]
    assert "a.xhtml" in chapters(out / "epub" / "book.epub")
    assert "wip.xhtml" not in chapters(out / "epub" / "book.epub")
    runner = CliRunner()
    printed = runner.invoke(main, ["build", "--project", str(project.root), "--format", "epub", "--force"])
    assert printed.exit_code == 0 and NOTE in printed.output
    assert runner.invoke(main, ["check", "--project", str(project.root)]).exit_code == 0


@pytest.mark.slow
def test_a_draft_a_glob_left_out_joins_the_book_once_final(tmp_path):
    project = project_with(tmp_path, '["*"]')
    out = project.root / "build"
    assert build(project, formats=["epub"], out=out, jobs=1).ok
    wip = project.briefs_dir / "wip.md"
    wip.write_text(wip.read_text().replace("status: draft", "status: final"))
    again = build(project, formats=["epub"], out=out, jobs=1)  # incremental: the draft's file is an input
    assert again.ok and again.built == [out / "epub" / "book.epub"]
    assert "wip.xhtml" in chapters(out / "epub" / "book.epub")


@pytest.mark.slow
def test_allow_drafts_takes_the_drafts_a_glob_matches(tmp_path):
    project = project_with(tmp_path, '["*"]')
    assert check(project, drafts=Drafts.TAKE_IN).diagnostics == []
    out = project.root / "build"
    assert build(project, formats=["epub"], out=out, jobs=1, drafts=Drafts.TAKE_IN).ok
    assert "wip.xhtml" in chapters(out / "epub" / "book.epub")


def test_a_draft_named_beside_a_glob_is_still_an_error(tmp_path):
    project = project_with(tmp_path, '["*", wip]')
    assert [str(d) for d in check(project).sorted()] == [
        "content/collections/book.yaml:2:15: error: briefs: `wip` is a draft: readers of the book would "
        "get a DRAFT (drop it from the collection, set `status: final` in the brief, or build with "
        "--allow-drafts)"
    ]


@pytest.mark.slow
def test_an_exclamation_mark_leaves_briefs_out(tmp_path):
    project = project_with(tmp_path, '["*", "!b", "!w*"]')
    assert check(project).diagnostics == []  # the draft is left out by name: nothing to note
    out = project.root / "build"
    assert build(project, formats=["epub"], out=out, jobs=1).ok
    assert chapters(out / "epub" / "book.epub")[:1] == ["a.xhtml"]
    assert "b.xhtml" not in chapters(out / "epub" / "book.epub")


def test_leaving_out_a_brief_that_is_not_there_is_an_error_with_a_hint(tmp_path):
    project = project_with(tmp_path, '["*", "!bb"]')
    assert [str(d) for d in check(project).sorted()] == [
        "content/collections/book.yaml:2:15: error: briefs: no brief matches `bb` in content/briefs/ "
        "(did you mean `b`?)"
    ]
