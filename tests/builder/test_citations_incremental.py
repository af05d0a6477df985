"""Incremental builds know a brief's bibliography files and its style: an edited entry rebuilds
the briefs that cite it, and only those."""

from __future__ import annotations

import json

from briefexport.builder import build
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
