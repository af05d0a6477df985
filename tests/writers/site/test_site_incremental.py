"""The site is incremental like every other output: an edited brief rebuilds its web edition, its
downloads and thumbnail, the index, the feeds, its collections' and authors' pages, nothing else;
drafts appear when published and disappear when withdrawn; a broken brief leaves the rest right."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefexport.builder import build
from briefexport.project import Project
from conftest import keep_snapshot, restore_snapshot, small_project

pytestmark = pytest.mark.slow  # full builds of the library, kept and restored

BRIEFS = ("digital-identity-draft", "harbour-electrification", "grid-storage-auctions")
COLLECTIONS = {
    "energy": "title: Energy\nbriefs: [grid-storage-auctions, harbour-electrification]\n",
    "policy": "title: Policy\nbriefs: [grid-storage-auctions]\n",
}  # a book holds no draft
LISTS = {"site/index.html", "site/feed.xml", "site/opds.xml"}


@dataclass
class Library:
    project: Project
    out: Path

    def build(self, **options):
        options.setdefault("jobs", 1)
        return build(self.project, formats=["site"], out=self.out, **options)

    def site(self, paths) -> set[str]:
        return {
            Path(p).relative_to(self.out).as_posix()
            for p in paths
            if Path(p).relative_to(self.out).parts[0] == "site"
        }

    def brief(self, slug: str) -> Path:
        return self.project.briefs_dir / f"{slug}.md"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("site-incremental")
    project = small_project(base / "work", BRIEFS, COLLECTIONS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        result = build(project, formats=["site"], out=base / "work" / "build", jobs=1)
    assert result.ok, [str(d) for d in result.report.errors]
    keep_snapshot(base / "work")
    return base


@pytest.fixture
def library(pristine) -> Library:
    work = restore_snapshot(pristine / "work")
    return Library(Project.at(work), work / "build")


def test_a_second_build_rebuilds_and_reads_nothing(library, monkeypatch):
    from briefexport.content import reader

    read = []
    monkeypatch.setattr(reader, "read_brief", lambda path, *a: read.append(path) or pytest.fail("read"))
    result = library.build()
    assert result.built == [] and read == []
    assert "site/index.html" in library.site(result.skipped)


def test_an_edit_to_the_text_rebuilds_its_pages_and_no_list(library):
    path = library.brief("harbour-electrification")
    path.write_text(path.read_text().replace("second-largest container port", "second-largest port"))
    other = library.out / "site" / "briefs" / "grid-storage-auctions" / "index.html"
    before = other.stat().st_mtime_ns
    old_pdf = library.out / "site" / "briefs" / "harbour-electrification" / "harbour-electrification.pdf"
    old_bytes, old_inode = old_pdf.read_bytes(), old_pdf.stat().st_ino
    held = library.out / "old-copy.pdf"
    held.hardlink_to(old_pdf)  # what a reader downloading the old file, or a deploy copying it, holds
    result = library.build()
    assert result.ok
    assert library.site(result.built) == {
        "site/briefs/harbour-electrification/index.html",
        "site/briefs/harbour-electrification/harbour-electrification.pdf",
        "site/briefs/harbour-electrification/page1.png",
        "site/collections/energy/energy.epub",  # holds it
        "site/collections/energy/cover.png",
        "site/collections/energy/cover-small.png",  # from that EPUB
    }
    assert other.stat().st_mtime_ns == before
    assert (
        "second-largest port" in (library.out / "site/briefs/harbour-electrification/index.html").read_text()
    )
    # The rebuilt PDF is a new file, and the site links the new one; the old inode was never written
    new_pdf = library.out / "pdf" / "harbour-electrification.pdf"
    assert old_pdf.stat().st_ino == new_pdf.stat().st_ino != old_inode
    assert old_pdf.read_bytes() == new_pdf.read_bytes() != old_bytes
    assert held.read_bytes() == old_bytes
    assert library.build().built == []


def test_an_edit_to_what_lists_show_rebuilds_those_lists(library):
    path = library.brief("harbour-electrification")
    path.write_text(path.read_text().replace('title: "', 'title: "Revised: ', 1))
    result = library.build()
    assert result.ok, [str(d) for d in result.report.errors]
    built = library.site(result.built)
    assert {"site/index.html", "site/feed.xml"} <= built
    assert "site/opds.xml" not in built  # the catalogue's root lists feeds, not briefs
    assert {
        "site/archive/index.html",
        "site/authors/tomas-reiner/index.html",
        "site/collections/energy/index.html",
        "site/topics/shore-power/index.html",
        "site/years/2026/index.html",
        "site/series/issue-brief/index.html",
        "site/opds/new/1.xml",
        "site/opds/topic/shore-power/1.xml",
    } <= built
    assert "site/topics/energy-storage/index.html" not in built  # the brief is not on it
    assert "Revised: " in (library.out / "site" / "topics" / "shore-power" / "index.html").read_text()


def test_an_edit_that_brings_a_new_character_cuts_the_fonts_again(library):
    path = library.brief("harbour-electrification")
    path.write_text(path.read_text() + "\nA new letter: \u0151.\n")
    built = library.site(library.build().built)
    assert "site/fonts/notoserif-regular.ttf" in built
    assert "site/briefs/grid-storage-auctions/index.html" not in built


def test_a_published_draft_appears_and_a_withdrawn_brief_disappears(library):
    draft = library.brief("digital-identity-draft")
    draft.write_text(draft.read_text().replace("status: draft", 'status: final\nnumber: "2026-31"'))
    final = library.brief("grid-storage-auctions")
    final.write_text(final.read_text().replace("status: final", "status: draft"))
    collections = library.project.collections_dir  # a book may not hold a draft: the editors move them
    (collections / "policy.yaml").write_text("title: Policy\nbriefs: [digital-identity-draft]\n")
    (collections / "energy.yaml").write_text("title: Energy\nbriefs: [harbour-electrification]\n")
    result = library.build()
    assert result.ok, [str(d) for d in result.report.errors]
    site = library.out / "site"
    assert "site/briefs/digital-identity-draft/index.html" in library.site(result.built)
    assert "digital-identity-draft" in (site / "collections" / "policy" / "index.html").read_text()
    assert not (site / "briefs" / "grid-storage-auctions").exists()
    assert not (site / "authors" / "hana-seo").exists()  # she wrote only that one
    index = (site / "index.html").read_text()
    assert "briefs/digital-identity-draft/index.html" in index and "grid-storage-auctions" not in index
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    editions = list(site.glob("briefs/*/index.html"))  # the withdrawn one is not found by search either
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(editions)
    assert library.build().built == []


def test_a_broken_brief_keeps_its_last_page_and_its_place_in_the_lists_until_it_is_fixed(library):
    good = library.brief("harbour-electrification")
    good.write_text(good.read_text().replace("container port announced", "container port said"))
    broken = library.brief("grid-storage-auctions")
    broken.write_text(broken.read_text().replace("date: 2026-05-12", "date: 2026-13-12"))
    site = library.out / "site"
    page_before = (site / "briefs" / "grid-storage-auctions" / "index.html").read_bytes()
    index_before = (site / "index.html").read_bytes()
    result = library.build()
    assert {d.path for d in result.report.errors} == {
        "content/briefs/grid-storage-auctions.md",
        "content/collections/energy.yaml",  # their books cannot include it
        "content/collections/policy.yaml",
    }
    built = library.site(result.built)
    assert "site/briefs/harbour-electrification/index.html" in built  # good briefs still build
    assert "site/briefs/grid-storage-auctions/index.html" not in built  # its last good edition stays
    assert (site / "briefs" / "grid-storage-auctions" / "index.html").read_bytes() == page_before
    for listing in (
        "index.html",
        "archive/index.html",
        "feed.xml",
        "opds/new/1.xml",
        "collections/policy/index.html",
    ):
        assert "briefs/grid-storage-auctions/index.html" in (site / listing).read_text(), listing
    assert (site / "collections" / "policy" / "policy.epub").is_file()  # the last good book
    assert library.build().report.errors  # reported again, until fixed
    broken.write_text(broken.read_text().replace("date: 2026-13-12", "date: 2026-05-12"))
    fixed = library.build()
    assert fixed.ok and "site/briefs/grid-storage-auctions/index.html" not in library.site(fixed.built)
    assert "site/briefs/grid-storage-auctions/index.html" in library.site(fixed.skipped)  # as it was
    assert (site / "index.html").read_bytes() == index_before  # listed all along, as it reads again


def test_a_print_pdf_built_elsewhere_is_offered_by_the_next_build(library):
    """`briefexport build --format print`, then a build of the site: where the brand turns the print
    edition on (this project's does), the site offers the print PDF."""
    printed = library.out / "print" / "harbour-electrification.pdf"
    printed.parent.mkdir(exist_ok=True)
    shutil.copy(library.out / "pdf" / "harbour-electrification.pdf", printed)
    built = library.site(library.build().built)
    assert "site/briefs/harbour-electrification/harbour-electrification-print.pdf" in built
    page = (library.out / "site/briefs/harbour-electrification/index.html").read_text()
    assert 'harbour-electrification-print.pdf" type="application/pdf">PDF for print</a>' in page
    assert "site/briefs/grid-storage-auctions/index.html" not in built


def test_without_the_print_edition_in_the_brand_a_print_pdf_built_on_request_is_not_published(library):
    """The brand turns the print edition off: `--format print` of one brief (a proof for the print
    shop) must not add a "PDF for print" button to that brief alone on the public site."""
    brand = library.project.root / "layouts" / "brand.yml"
    text = brand.read_text()
    brand.write_text(text[: text.index("    # The print edition")])  # the `print:` block is last
    assert build(
        library.project,
        [library.brief("harbour-electrification")],
        formats=["print"],
        out=library.out,
        jobs=1,
    ).ok
    assert (library.out / "print" / "harbour-electrification.pdf").is_file()
    assert library.build().ok
    site = library.out / "site" / "briefs" / "harbour-electrification"
    assert "PDF for print" not in (site / "index.html").read_text()
    assert not (site / "harbour-electrification-print.pdf").exists()
    assert "-print.pdf" not in (library.out / "site" / "index.html").read_text()


def test_a_link_to_another_brief_goes_to_its_web_edition_while_it_is_on_the_site(library):
    path = library.brief("harbour-electrification")
    path.write_text(
        path.read_text() + "\nSee [the auctions](grid-storage-auctions.md#sec-1), "
        "[the wallet draft](digital-identity-draft.md) and [a report](report.pdf).\n"
    )
    library.build()
    page = (library.out / "site/briefs/harbour-electrification/index.html").read_text()
    assert '<a href="../grid-storage-auctions/index.html#sec-1">the auctions</a>' in page
    assert "the wallet draft" in page and "digital-identity-draft" not in page  # a draft: text only
    assert "a report" in page and "report.pdf" not in page  # not on the site: text only
    target = library.brief("grid-storage-auctions")
    target.write_text(target.read_text().replace("status: final", "status: draft"))
    assert "site/briefs/harbour-electrification/index.html" in library.site(library.build().built)
    page = (library.out / "site/briefs/harbour-electrification/index.html").read_text()
    assert "the auctions" in page and "../grid-storage-auctions/" not in page
