"""Incremental builds know a brief's bibliography files and its style: an edited entry rebuilds
the briefs that cite it, and only those."""

from __future__ import annotations

import json
import os

import pytest

from briefexport.builder import build
from briefexport.errors import ContentError
from conftest import ROOTS, copy_project


def names(paths) -> set[str]:
    return {path.name for path in paths}


def test_an_edited_entry_rebuilds_the_briefs_that_cite_it(tmp_path):
    project = copy_project(tmp_path / "p", ROOTS / "citations", with_layouts=False)
    (project.briefs_dir / "plain.md").write_text(
        '---\ntitle: No citations\nnumber: "1"\ndate: 2026-01-01\nauthors: [tomas]\n---\nText.\n'
    )
    out = tmp_path / "out"
    first = build(project, formats=["html"], out=out, jobs=1)
    assert first.ok and names(first.built) == {"notes.html", "author-date.html", "ko.html", "plain.html"}
    assert build(project, formats=["html"], out=out, jobs=1).built == []

    references = project.content / "references.json"
    entries = json.loads(references.read_text())
    next(e for e in entries if e["id"] == "kim2013")["title"] = "빛의 제국"
    references.write_text(json.dumps(entries, ensure_ascii=False))
    second = build(project, formats=["html"], out=out, jobs=1)
    assert names(second.built) == {"ko.html"}  # the only brief that cites it
    assert "빛의 제국" in (out / "html" / "ko.html").read_text().replace("\u2060", "")  # less word joiners

    (project.content / "references.bib").write_text(
        (project.content / "references.bib")
        .read_text()
        .replace("After Hegemony", "Power and Interdependence")
    )
    third = build(project, formats=["html"], out=out, jobs=1)
    assert names(third.built) == {"notes.html", "author-date.html"}


def test_an_edit_the_file_times_do_not_show_is_read(tmp_path):
    """The process keeps bibliography files and styles as parsed across runs (`serve`, a library
    caller): keyed by their text, an edit of the same size within the same clock tick (here: the
    times put back) is read, and a symlink out of the project is not."""
    from briefexport.content.cite import bibliography, styles

    project = copy_project(tmp_path / "p", ROOTS / "citations", with_layouts=False)
    path = project.content / "references.json"
    first, _ = bibliography.read_file(path, project)
    info = path.stat()
    path.write_text(path.read_text().replace("Bowling Alone", "Bowling Along"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    again, _ = bibliography.read_file(path, project)
    assert first["putnam2000"].data["title"].startswith("Bowling Alone:")
    assert again["putnam2000"].data["title"].startswith("Bowling Along:")

    style = project.root / "layouts" / "mine.csl"
    style.parent.mkdir(exist_ok=True)
    bundled = styles.CSL_DIR / "styles" / "apa.csl"
    style.write_bytes(bundled.read_bytes())
    assert (
        styles.load_style("mine", project, "x.md", 1, 1).title
        == styles.load_style("apa", project, "x", 1, 1).title
    )
    info = style.stat()
    style.write_bytes(bundled.read_bytes().replace(b'class="in-text"', b'class="note"   ', 1))
    os.utime(style, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert styles.load_style("mine", project, "x.md", 1, 1).note

    outside = tmp_path / "outside.csl"
    outside.write_bytes(bundled.read_bytes())
    style.unlink()
    style.symlink_to(outside)
    with pytest.raises(ContentError):
        styles.load_style("mine", project, "x.md", 1, 1)
