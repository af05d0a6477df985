"""One broken brief must not take the readers' library down. The library is built from what reads:
on a first build a broken brief is left out, and the index, feed, catalogue, author and collection
pages list the others; once a brief was good, breaking it keeps its last good web edition, listed
as before, and its collection's last good EPUB. The error is reported as ever, with exit status 1,
by `build` and by the live preview alike."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import html5lib
import pytest
from click.testing import CliRunner

from briefexport.cli import main
from briefexport.project import Project
from briefexport.serve.state import Preview
from briefexport.serve.watch import Rebuilder
from conftest import keep_snapshot, restore_snapshot, small_project

pytestmark = pytest.mark.slow  # every test builds

BRIEFS = ("harbour-electrification", "grid-storage-auctions", "maritime-chokepoints-summary")
COLLECTIONS = {"energy": "title: Energy\nbriefs: [grid-storage-auctions, harbour-electrification]\n"}
BROKEN = "grid-storage-auctions"
GOOD = ["harbour-electrification", "maritime-chokepoints-summary"]
DATE_ERROR = f"content/briefs/{BROKEN}.md:6:7: error: date: month must be in 1..12"


def break_brief(project: Project, slug: str = BROKEN) -> Path:
    path = project.briefs_dir / f"{slug}.md"
    path.write_text(path.read_text().replace("date: 2026-05-12", "date: 2026-13-12"))
    return path


def build(project: Project) -> tuple[int, str]:
    """`briefexport build` of the whole project (every format, the site included), as CI runs it."""
    result = CliRunner().invoke(main, ["build", "--project", str(project.root), "--jobs", "2"])
    return result.exit_code, result.output


def briefs_in(site: Path, name: str) -> list[str]:
    """The briefs a list of the library links to, by slug, as a browser or a feed reader reads it."""
    if name.endswith(".html"):
        document = html5lib.parse((site / name).read_bytes(), namespaceHTMLElements=False)
        hrefs = [a.get("href", "") for a in document.iter("a")]
        return sorted({h.split("/")[-2] for h in hrefs if h.endswith("/index.html") and "briefs/" in h})
    feed = feedparser.parse((site / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    hrefs = [link.href for e in feed.entries for link in e.links]
    return sorted({h.split("briefs/", 1)[1].split("/")[0] for h in hrefs if "briefs/" in h})


def searchable(site: Path) -> int:
    """How many web editions the library's search index (Pagefind's) holds, in every language."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


# the index, the archive of every brief, the Atom feed, and the catalogue's feed of the newest briefs
LISTS = ("index.html", "archive/index.html", "feed.xml", "opds/new/1.xml")


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("site-broken")
    project = small_project(base / "work", BRIEFS, COLLECTIONS)
    status, output = build(project)
    assert status == 0, output
    keep_snapshot(base / "work")
    return base


def test_a_first_build_with_a_broken_brief_lists_the_others_and_exits_1(tmp_path):
    project = small_project(tmp_path / "work", BRIEFS, COLLECTIONS)
    break_brief(project)
    status, output = build(project)
    assert status == 1 and DATE_ERROR in output.splitlines()
    site = project.root / "build" / "site"
    for name in LISTS:
        assert briefs_in(site, name) == GOOD, name
    assert not (site / "briefs" / BROKEN).exists()
    assert (site / "authors" / "tomas-reiner" / "index.html").is_file()  # a good brief's author
    assert not (site / "collections" / "energy").exists()  # its book was never made without it
    assert searchable(site) == len(GOOD)  # the search index is of what reads, made all the same


def test_a_brief_broken_after_it_was_good_keeps_its_web_edition_and_its_place(built_once):
    work = restore_snapshot(built_once / "work")
    project = Project.at(work)
    site = work / "build" / "site"
    every = sorted([*GOOD, BROKEN])
    assert [briefs_in(site, name) for name in LISTS] == [every] * len(LISTS)
    assert briefs_in(site, "collections/energy/index.html") == sorted([BROKEN, GOOD[0]])
    edition = (site / "briefs" / BROKEN / "index.html").read_bytes()
    epub = (work / "build" / "epub" / "energy.epub").read_bytes()
    break_brief(project)
    retitled = project.briefs_dir / f"{GOOD[0]}.md"  # meanwhile, a good brief changes its title
    retitled.write_text(retitled.read_text().replace('title: "Shore Power', 'title: "Shore Power Now'))
    for _ in range(2):  # and still broken: said again, the library as it was
        status, output = build(project)
        assert status == 1 and DATE_ERROR in output.splitlines()
        assert [briefs_in(site, name) for name in LISTS] == [every] * len(LISTS)
        for name in LISTS:  # the lists are brought up to date with the good briefs all the same
            assert "Shore Power Now" in (site / name).read_text(), name
        assert briefs_in(site, "collections/energy/index.html") == sorted([BROKEN, GOOD[0]])
        assert (site / "briefs" / BROKEN / "index.html").read_bytes() == edition
        assert (site / "collections" / "energy" / "energy.epub").read_bytes() == epub  # its last good book
        assert (site / "briefs" / BROKEN / f"{BROKEN}.pdf").is_file()
        assert searchable(site) == len(every)  # its last good edition is still found


def test_the_preview_builds_the_library_from_what_reads(built_once, tmp_path):
    """`serve` rebuilds with the same build: a first preview of a project with a broken brief, and
    a brief broken while it runs."""
    fresh = small_project(tmp_path / "fresh", BRIEFS, COLLECTIONS)
    break_brief(fresh)
    preview = Preview(fresh, fresh.root / "build", echo=lambda line: None)
    Rebuilder(preview).rebuild()
    assert DATE_ERROR in preview.errors
    for name in LISTS:
        assert briefs_in(fresh.root / "build" / "site", name) == GOOD, name

    work = restore_snapshot(built_once / "work")
    project = Project.at(work)
    break_brief(project)
    preview = Preview(project, work / "build", echo=lambda line: None)
    Rebuilder(preview).rebuild()
    assert DATE_ERROR in preview.errors
    for name in LISTS:
        assert briefs_in(work / "build" / "site", name) == sorted([*GOOD, BROKEN]), name
