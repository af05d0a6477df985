"""Output keys: a hash of exactly what an output is made from."""

from pathlib import Path

from briefexport.builder import read
from briefexport.builder.keys import Keys
from briefexport.errors import Report
from briefexport.project import Project
from briefexport.writers import FORMATS

BRIEF = """---
title: Two Authors, One Written Inline
date: 2026-01-15
number: "2026-99"
authors:
  - {name: Guest Writer, role: Visiting Scholar, bio: Writes now and then.}
  - fellow
---
A lead paragraph.
"""


def _key(project: Project, out: Path) -> str:
    report = Report()
    content = read(project, [], report)
    assert not report.errors, [str(d) for d in report.errors]
    return Keys(project).key(FORMATS["pdf"], content.briefs["two"], out)


def test_a_registry_authors_bio_is_in_the_key_when_an_inline_author_comes_first(tmp_path):
    (tmp_path / "content" / "briefs").mkdir(parents=True)
    (tmp_path / "content" / "briefs" / "two.md").write_text(BRIEF, encoding="utf-8")
    authors = tmp_path / "content" / "authors.yaml"
    authors.write_text("fellow:\n  name: A Fellow\n  role: Fellow\n  bio: First bio.\n", encoding="utf-8")
    project = Project.at(tmp_path)
    before = _key(project, tmp_path / "build")
    authors.write_text("fellow:\n  name: A Fellow\n  role: Fellow\n  bio: Second bio.\n", encoding="utf-8")
    assert _key(project, tmp_path / "build") != before
