"""The live preview's memory of parsed briefs (sources.Remembered, kept by builder.context.Kept): a brief
is parsed again when its file, a registry entry it cites or one of its pictures changes, never given stale."""

from __future__ import annotations

import os

import pytest

from briefexport.content import reader, sources
from briefexport.errors import Report


@pytest.fixture
def remembering():
    return sources.Remembered()


def read(project, remembered):
    report = Report()
    return sources.read_sources(project, project.briefs(), [], report, remembered=remembered), report


def test_an_unchanged_brief_is_not_parsed_again_and_its_warnings_come_again(
    sample_project, remembering, monkeypatch
):
    brief = sample_project.briefs_dir / "harbour-electrification.md"
    brief.write_text(brief.read_text().replace("\n## ", "\n<marquee>x</marquee>\n\n## ", 1))
    first, report = read(sample_project, remembering)
    warnings = [str(d) for d in report.diagnostics if d.severity == "warning"]
    assert any("raw HTML" in w for w in warnings)
    parsed = []
    original = reader.read_brief
    monkeypatch.setattr(reader, "read_brief", lambda path, *a: parsed.append(path.stem) or original(path, *a))
    second, report = read(sample_project, remembering)
    assert (
        parsed == [] and second.briefs["harbour-electrification"] is first.briefs["harbour-electrification"]
    )
    assert [str(d) for d in report.diagnostics if d.severity == "warning"] == warnings


def test_a_change_to_the_file_a_cited_author_or_a_picture_parses_it_again(
    sample_project, remembering, monkeypatch
):
    read(sample_project, remembering)
    parsed = []
    original = reader.read_brief
    monkeypatch.setattr(reader, "read_brief", lambda path, *a: parsed.append(path.stem) or original(path, *a))
    brief = sample_project.briefs_dir / "harbour-electrification.md"
    brief.write_text(brief.read_text() + "\nOne more sentence.\n")
    content, _ = read(sample_project, remembering)
    assert parsed == ["harbour-electrification"]
    assert "One more sentence." in content.briefs["harbour-electrification"].tokens[-2].content
    parsed.clear()
    authors = sample_project.authors_file
    authors.write_text(authors.read_text().replace("name: Tomas Reiner", "name: Tomás Reiner"))
    content, _ = read(sample_project, remembering)
    assert sorted(parsed) == [  # every brief citing the author
        "harbour-electrification",
        "harbour-electrification-fr",
        "maritime-chokepoints-ar",
        "maritime-chokepoints-summary",
    ]
    assert content.briefs["harbour-electrification"].authors[0].name == "Tomás Reiner"
    parsed.clear()
    picture = sample_project.content / "images" / "storage-capacity.png"
    os.utime(picture, ns=(picture.stat().st_atime_ns, picture.stat().st_mtime_ns + 10**9))
    read(sample_project, remembering)
    assert parsed == ["grid-storage-auctions"]  # the only brief showing it
