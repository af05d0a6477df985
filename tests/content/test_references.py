"""What a reader would see broken, caught by `check` and by `build` alike, located: footnote calls
without a definition, definitions never called, links to headings that are not there, links to
briefs that do not exist, drafts in a collection, citation keys. And links to another brief reach
its output in every format (PDF, HTML, DOCX, EPUB)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdf
import pytest
from docx import Document
from lxml import etree

from briefexport.builder import Drafts, build, check
from briefexport.content.model import BriefLink
from briefexport.content.sources import read_sources
from briefexport.errors import Report
from briefexport.project import Project
from content.test_reader import GOOD_FRONT, brief_text, make_project


def both(project: Project, *sources) -> tuple[list[str], list[str]]:
    """What `check` and a build (HTML only, the quickest format) say, as printed lines."""
    checked = [str(d) for d in check(project, sources).sorted()]
    built = build(project, sources, formats=["html"], out=project.root / "build", jobs=1)
    return checked, [str(d) for d in built.report.sorted()]


def one(tmp_path: Path, body: str, others: dict[str, str] | None = None) -> Project:
    briefs = {"a": brief_text(GOOD_FRONT, body)}
    briefs.update(others or {})
    return make_project(tmp_path / "p", briefs)


LINE = 9  # the first body line of brief_text(GOOD_FRONT, ...)


def test_a_footnote_call_without_definition_is_a_located_error_in_check_and_build(tmp_path):
    project = one(tmp_path, "Lead [^1] and [^missing], and `[^code]` and \\[^escaped].\n\n[^1]: Note one.\n")
    checked, built = both(project)
    expected = [
        f"content/briefs/a.md:{LINE}:15: error: footnote `[^missing]` has no definition: it would print "
        "as written (add a line `[^missing]: text of the note` at the end of the brief)"
    ]
    assert checked == built == expected
    assert not (project.root / "build" / "html" / "a.html").exists()


def test_a_footnote_never_called_is_a_located_warning_and_is_left_out(tmp_path):
    project = one(
        tmp_path, "Lead [^1].\n\n## A section\n\nText.\n\n[^1]: Note one.\n[^spare]: Never called.\n"
    )
    checked, built = both(project)
    expected = [
        f"content/briefs/a.md:{LINE + 7}:1: warning: footnote `[^spare]` is never called: it is left out "
        "of every format (call it with `[^spare]` in the text, or delete it)"
    ]
    assert checked == built == expected
    html = (project.root / "build" / "html" / "a.html").read_text(encoding="utf-8")
    assert "Note one." in html and "Never called" not in html


def test_a_link_to_a_missing_heading_is_a_located_error_at_check(tmp_path):
    project = one(tmp_path, "Lead, see [below](#sec-1) and [nowhere](#no-such-section).\n\n## One\n\nText.\n")
    checked, built = both(project)
    expected = [
        f"content/briefs/a.md:{LINE}:31: error: link `#no-such-section` points at no heading of this brief "
        "(its only heading is `#sec-1`)"
    ]
    assert checked == built == expected


@pytest.mark.parametrize(
    ("headings", "hint"),
    [
        ("", "it has no headings to link to"),
        ("## One\n", "its only heading is `#sec-1`"),
        ("## One\n\n### Two\n", "its headings are `#sec-1` and `#sec-2`"),
        ("## A\n\n## B\n\n## C\n", "its headings are `#sec-1`, `#sec-2` and `#sec-3`"),
        ("".join(f"## H{n}\n\n" for n in range(7)), "its 7 headings are `#sec-1` to `#sec-7`, in order"),
    ],
)
def test_the_hint_of_a_link_to_a_missing_heading_names_what_is_there(tmp_path, headings, hint):
    project = one(tmp_path, f"Lead, see [nowhere](#nowhere).\n\n{headings}")
    assert [str(d) for d in check(project).sorted()] == [
        f"content/briefs/a.md:{LINE}:11: error: link `#nowhere` points at no heading of this brief ({hint})"
    ]


def test_links_to_other_briefs_resolve_or_are_located_errors(tmp_path):
    b = brief_text(GOOD_FRONT.replace("A Good Brief", "Brief B"), "Lead.\n\n## One\n\n## Two\n")
    project = one(
        tmp_path,
        "Lead: [b](b.md), [b two](b.md#sec-2), [b nine](b.md#sec-9) and [ghost](gost.md).\n",
        {"b": b, "ghost": brief_text(GOOD_FRONT)},
    )
    checked = [str(d) for d in check(project).sorted()]
    assert checked == [
        f"content/briefs/a.md:{LINE}:64: error: link `gost.md` leads to no brief of this project "
        "(did you mean `ghost`?)"
    ]
    (project.briefs_dir / "a.md").write_text(
        brief_text(GOOD_FRONT, "Lead: [b](b.md), [b two](b.md#sec-2), [b nine](b.md#sec-9).\n"),
        encoding="utf-8",
    )
    assert [str(d) for d in check(project).sorted()] == [
        f"content/briefs/a.md:{LINE}:39: error: link `b.md#sec-9` points at no heading of `b` "
        "(its headings are `#sec-1` and `#sec-2`)"
    ]


def test_checking_one_brief_checks_its_links_against_the_other_briefs_headings(tmp_path):
    b = brief_text(
        GOOD_FRONT.replace("A Good Brief", "Brief B"), "Lead.\n\n## One\n\n[^spare]: Never called.\n"
    )
    project = one(tmp_path, "Lead: [b nine](b.md#sec-9) and [b one](b.md#sec-1).\n", {"b": b})
    expected = [
        f"content/briefs/a.md:{LINE}:7: error: link `b.md#sec-9` points at no heading of `b` "
        "(its only heading is `#sec-1`)"
    ]
    everything = [str(d) for d in check(project).sorted() if d.path.endswith("a.md")]
    alone, built = both(project, project.briefs_dir / "a.md")
    assert everything == alone == built == expected  # b's own warning is b's: not reported for a


def test_the_model_records_links_to_other_briefs_by_slug_and_heading(tmp_path):
    b = brief_text(GOOD_FRONT.replace("A Good Brief", "Brief B"), "Lead.\n\n## One\n\n## Two\n")
    project = one(
        tmp_path, "Lead: [b](b.md), [b two](./b.md#sec-2) and [web](https://example.org/b.md).\n", {"b": b}
    )
    report = Report()
    content = read_sources(project, project.briefs(), [], report)
    assert report.diagnostics == []
    assert content.briefs["a"].links == {
        "b.md": BriefLink("b", None, LINE, 7),
        "./b.md#sec-2": BriefLink("b", "sec-2", LINE, 18),
    }
    assert content.briefs["b"].links == {}


def test_a_citation_key_is_a_located_warning(tmp_path):
    project = one(
        tmp_path,
        "Lead [@smith2020], [see @doe, p. 3] and mail [me](mailto:jane@example.org) or [jane@example.org].\n",
    )
    checked, built = both(project)
    assert (
        checked
        == built
        == [
            f"content/briefs/a.md:{LINE}:6: warning: citation `[@smith2020]` prints as written: citation "
            "keys are not "
            "supported yet (write the reference out, or put it in a footnote)",
            f"content/briefs/a.md:{LINE}:20: warning: citation `[see @doe, p. 3]` prints as written: "
            "citation keys are "
            "not supported yet (write the reference out, or put it in a footnote)",
        ]
    )


def collection_project(tmp_path: Path) -> Project:
    draft = brief_text(
        GOOD_FRONT.replace('number: "2026-01"\n', "status: draft\n").replace("A Good Brief", "Draft")
    )
    project = make_project(tmp_path / "p", {"a": brief_text(GOOD_FRONT), "draft": draft})
    (project.content / "collections").mkdir()
    (project.content / "collections" / "book.yaml").write_text("title: Book\nbriefs:\n  - a\n  - draft\n")
    return project


DRAFT = (
    "content/collections/book.yaml:4:5: {}: briefs: `draft` is a draft: readers of the book would get a "
    "DRAFT (drop it from the collection, set `status: final` in the brief, or build with --allow-drafts)"
)


def test_a_draft_named_in_a_collection_fails_check_and_its_build_unless_allowed(tmp_path):
    project = collection_project(tmp_path)
    book = project.collections_dir / "book.yaml"
    assert [str(d) for d in check(project).sorted()] == [DRAFT.format("error")]  # as the build says
    assert check(project, drafts=Drafts.TAKE_IN).diagnostics == []
    out = project.root / "build"
    refused = build(project, [book], formats=["epub"], out=out, jobs=1)
    assert [str(d) for d in refused.report.sorted()] == [DRAFT.format("error")]
    assert refused.built == [] and not (out / "epub" / "book.epub").exists()
    allowed = build(project, [book], formats=["epub"], out=out, jobs=1, drafts=Drafts.TAKE_IN)
    assert allowed.ok and allowed.built == [out / "epub" / "book.epub"]
    # built with --allow-drafts, the book is not quietly "up to date" for a build without it
    again = build(project, [book], formats=["epub"], out=out, jobs=1)
    assert [str(d) for d in again.report.sorted()] == [DRAFT.format("error")]
    # a build of the briefs alone does not read the collection
    assert build(project, formats=["pdf"], out=out, jobs=1).ok


# --- links to another brief, in every format --------------------------------------------------


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    root = tmp_path_factory.mktemp("linked")
    b = brief_text(
        GOOD_FRONT.replace("A Good Brief", "Brief B"), "Lead.\n\n## One\n\nText.\n\n## Two\n\nMore.\n"
    )
    project = make_project(
        root / "p",
        {
            "a": brief_text(GOOD_FRONT, "Lead: see [brief b](b.md) and [its second section](b.md#sec-2).\n"),
            "b": b,
        },
    )
    (project.content / "collections").mkdir()
    (project.content / "collections" / "both.yaml").write_text("title: Both\nbriefs: [a, b]\n")
    (project.content / "collections" / "only-a.yaml").write_text("title: Only A\nbriefs: [a]\n")
    out = root / "build"
    result = build(project, formats=["pdf", "html", "docx", "epub"], out=out, jobs=1)
    return project, result, out


def test_a_link_to_another_brief_goes_to_its_html_and_its_pdf_beside_it(linked):
    project, result, out = linked
    html = etree.HTML((out / "html" / "a.html").read_bytes())
    assert [a.get("href") for a in html.iter("a")] == ["b.html", "b.html#sec-2"]
    reader = pypdf.PdfReader(out / "pdf" / "a.pdf")
    actions = [annot.get_object()["/A"] for page in reader.pages for annot in page.get("/Annots", [])]
    assert [(a["/S"], a["/F"], a["/D"]) for a in actions] == [
        ("/GoToR", "b.pdf", [0, "/Fit"]),
        ("/GoToR", "b.pdf", "sec-2"),
    ]
    b = pypdf.PdfReader(out / "pdf" / "b.pdf")
    assert "sec-2" in b.named_destinations  # where the link lands
    assert str(out) not in (out / "pdf" / "a.pdf").read_bytes().decode("latin-1")  # no machine paths


def test_a_link_to_another_brief_goes_to_its_word_draft_beside_it(linked):
    _, _, out = linked
    document = Document(str(out / "docx" / "a.docx"))
    targets = sorted(rel.target_ref for rel in document.part.rels.values() if rel.is_external)
    assert targets == ["b.docx", "b.docx#sec_2"]
    b = zipfile.ZipFile(out / "docx" / "b.docx").read("word/document.xml").decode()
    assert 'w:name="sec_2"' in b  # the bookmark the link names


def test_a_link_to_another_brief_goes_to_its_chapter_or_keeps_its_text_outside_the_book(linked):
    _, result, out = linked

    def links(book: str) -> list[str | None]:
        with zipfile.ZipFile(out / "epub" / f"{book}.epub") as epub:
            chapter = etree.fromstring(epub.read("EPUB/text/a.xhtml"))
        body = chapter.find(".//{*}div[@class='body']")
        return [a.get("href") for a in body.iter("{*}a")]

    assert links("both") == ["b.xhtml", "b.xhtml#sec-2"]
    assert links("only-a") == []
    assert sorted(str(d) for d in result.report.diagnostics) == [
        "content/briefs/a.md:9:11: warning: link `b.md` leads to `b`, which is not in this book: the EPUB "
        "keeps "
        "its text without the link",
        "content/briefs/a.md:9:31: warning: link `b.md#sec-2` leads to `b`, which is not in this book: the "
        "EPUB "
        "keeps its text without the link",
    ]


def test_the_sample_content_has_nothing_a_reader_would_see_broken():
    from conftest import REPO

    report = check(Project.at(REPO))
    assert [str(d) for d in report.sorted()] == []
