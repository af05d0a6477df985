"""Outputs whose source is gone: a brief deleted from content/ must not stay in build/ (a job that
uploads the folder would republish it). The next build of the whole project removes every output
the manifest recorded for it, and says so, one line each; a build of named sources or of a shard
removes nothing, and nothing the manifest did not record as an output is ever removed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from briefexport.cli import main
from content.test_reader import GOOD_FRONT, brief_text, make_project

pytestmark = pytest.mark.slow  # every test builds


def project_of(tmp_path):
    return make_project(
        tmp_path / "p",
        {
            "keep": brief_text(GOOD_FRONT.replace("A Good Brief", "Kept")),
            "gone": brief_text(GOOD_FRONT.replace("A Good Brief", "Withdrawn")),
        },
    )


def build(project, *args: str):
    return CliRunner().invoke(main, ["build", "--project", str(project.root), "--jobs", "1", *args])


def recorded(project) -> set[str]:
    return set(json.loads((project.root / "build" / ".briefexport-manifest.json").read_text())["outputs"])


def test_the_next_full_build_removes_the_outputs_of_a_deleted_brief_and_says_so(tmp_path):
    project = project_of(tmp_path)
    out = project.root / "build"
    assert build(project, "--format", "html,docx").exit_code == 0
    assert {"html/gone.html", "docx/gone.docx"} <= recorded(project)
    strangers = [out / "html" / "notes.txt", out / "docx" / "old.docx", out / "readme.md"]
    for path in strangers:  # files the manifest never recorded: not ours to remove
        path.write_text("kept")
    (project.briefs_dir / "gone.md").unlink()
    result = build(project, "--format", "html,docx")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sorted(line for line in lines if line.startswith("removed ")) == [
        "removed docx/gone.docx (content/briefs/gone.md is gone)",
        "removed html/gone.html (content/briefs/gone.md is gone)",
    ]
    assert not (out / "html" / "gone.html").exists() and not (out / "docx" / "gone.docx").exists()
    assert (out / "html" / "keep.html").is_file() and all(path.is_file() for path in strangers)
    assert not {"html/gone.html", "docx/gone.docx"} & recorded(project)
    again = build(project, "--format", "html,docx")
    assert again.exit_code == 0 and "removed " not in again.output  # said once


def test_every_format_is_removed_even_one_this_build_does_not_make(tmp_path):
    project = project_of(tmp_path)
    assert build(project, "--format", "html,docx").exit_code == 0
    (project.briefs_dir / "gone.md").unlink()
    result = build(project, "--format", "html")  # a full build, of one format
    assert "removed docx/gone.docx (content/briefs/gone.md is gone)" in result.output.splitlines()
    assert not (project.root / "build" / "docx" / "gone.docx").exists()


def test_a_build_of_named_sources_or_of_a_shard_removes_nothing(tmp_path):
    project = project_of(tmp_path)
    out = project.root / "build"
    assert build(project, "--format", "html").exit_code == 0
    (project.briefs_dir / "gone.md").unlink()
    named = build(project, "--format", "html", str(project.briefs_dir / "keep.md"))
    assert named.exit_code == 0 and "removed" not in named.output
    for k in (1, 2):
        shard = build(project, "--format", "html", "--shard", f"{k}/2")
        assert shard.exit_code == 0 and "removed" not in shard.output
    assert (out / "html" / "gone.html").is_file()
    assert (
        "removed html/gone.html (content/briefs/gone.md is gone)" in build(project, "--format", "html").output
    )


def test_the_site_drops_a_deleted_briefs_pages_and_says_so(tmp_path):
    project = project_of(tmp_path)
    site = project.root / "build" / "site"
    assert build(project).exit_code == 0
    assert (site / "briefs" / "gone" / "index.html").is_file()
    (project.briefs_dir / "gone.md").unlink()
    result = build(project)
    assert result.exit_code == 0, result.output
    removed = sorted(line for line in result.output.splitlines() if line.startswith("removed "))
    assert removed == sorted(
        [
            f"removed {name} (content/briefs/gone.md is gone)"
            for name in ("pdf/gone.pdf", "html/gone.html", "docx/gone.docx", "epub/gone.epub")
        ]
        + [
            f"removed site/briefs/gone/{name} (no longer in the library)"
            for name in ("index.html", "gone.pdf", "page1.png", "gone.bib", "gone.json")  # cite this brief
        ]
    )
    assert not (site / "briefs" / "gone").exists() and (site / "briefs" / "keep" / "index.html").is_file()
    assert "gone" not in (site / "index.html").read_text()
