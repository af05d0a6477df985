"""The search index step (writers/site/search.py): Pagefind as a subprocess with a time limit, an
empty environment and working folder, its failures said plainly at build/site/pagefind; it runs
only when a web edition changed, and moves into place only the files that changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefexport.project import Project
from briefexport.writers.site import search

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head>
<body><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>"""


def site_of(root: Path, pages: dict[str, tuple[str, str]]) -> tuple[Project, Path]:
    (root / "content").mkdir(parents=True, exist_ok=True)
    site = root / "build" / "site"
    for slug, (lang, text) in pages.items():
        folder = site / "briefs" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(PAGE.format(lang=lang, title=slug, text=text))
    return Project.at(root), site


def fake(tmp_path: Path, script: str) -> Path:
    binary = tmp_path / "fake-pagefind"
    binary.write_text("#!/bin/sh\n" + script)
    binary.chmod(0o755)
    return binary


def test_a_failing_pagefind_is_a_plain_error_of_the_bundle(tmp_path, monkeypatch):
    project, site = site_of(tmp_path / "p", {"a": ("en", "words")})
    monkeypatch.setattr(
        search, "executable", lambda: fake(tmp_path, 'echo "Error: no space left" >&2; exit 3\n')
    )
    indexed = search.index(site, site.parent / ".cache", project)
    assert [str(d) for d in indexed.diagnostics] == [
        "build/site/pagefind: error: search index: Pagefind failed (exit 3): Error: no space left"
    ]
    assert not (site / "pagefind").exists()


def test_a_pagefind_that_hangs_is_stopped_at_its_time_limit(tmp_path, monkeypatch):
    project, site = site_of(tmp_path / "p", {"a": ("en", "words")})
    monkeypatch.setattr(search, "executable", lambda: fake(tmp_path, "exec sleep 30\n"))
    indexed = search.index(site, site.parent / ".cache", project, time_limit=0.5)
    assert [str(d) for d in indexed.diagnostics] == [
        "build/site/pagefind: error: search index: Pagefind took longer than 0.5 s and was stopped"
    ]


def test_without_pagefind_the_site_has_no_search_and_says_so(tmp_path, monkeypatch):
    project, site = site_of(tmp_path / "p", {"a": ("en", "words")})
    monkeypatch.setattr(search, "executable", lambda: None)
    (note,) = search.index(site, site.parent / ".cache", project).diagnostics
    assert note.severity == "warning" and "pip install 'pagefind[extended]'" in note.message


def test_pagefind_sees_no_setting_but_ours(tmp_path, monkeypatch):
    """Run from a project holding a pagefind.yml, with PAGEFIND_* variables set: neither moves the
    bundle or changes what is indexed (an empty working folder and environment)."""
    project, site = site_of(tmp_path / "p", {"a": ("en", "solar words"), "b": ("ko", "태양광 발전")})
    (project.root / "pagefind.yml").write_text("output_subdir: elsewhere\nglob: nothing/*.html\n")
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("PAGEFIND_OUTPUT_SUBDIR", "elsewhere")
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "fr")
    indexed = search.index(site, site.parent / ".cache", project)
    assert indexed.ran and not indexed.diagnostics
    assert not list(tmp_path.rglob("elsewhere"))
    entry = (site / "pagefind" / "pagefind-entry.json").read_text()
    assert '"en"' in entry and '"ko"' in entry  # an index per language, as the pages say
    assert not list((site / "pagefind").glob("pagefind-*ui*"))  # only what search.js uses


def test_it_runs_again_only_when_a_web_edition_changed_and_rewrites_what_changed(tmp_path):
    pages = {f"brief-{n}": ("en", f"text number {n} about topic {n}") for n in range(30)}
    project, site = site_of(tmp_path / "p", pages)
    first = search.index(site, site.parent / ".cache", project)
    assert first.ran and first.written > 0
    assert not search.index(site, site.parent / ".cache", project).ran  # nothing changed
    stamps = {p: p.stat().st_mtime_ns for p in (site / "pagefind").rglob("*") if p.is_file()}
    page = site / "briefs" / "brief-7" / "index.html"
    page.write_text(page.read_text().replace("number 7", "number seven"))
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    again = search.index(site, site.parent / ".cache", project)
    assert again.ran and 0 < again.written < len(stamps)
    untouched = [p for p, t in stamps.items() if p.exists() and p.stat().st_mtime_ns == t]
    assert len(untouched) >= len(stamps) // 2


@pytest.mark.parametrize("name", ["pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "x.pf_fragment"])
def test_the_files_search_js_needs_are_kept(name):
    assert search._used(name)


@pytest.mark.slow
def test_a_build_whose_search_index_failed_makes_it_again_next_time(tmp_path, monkeypatch):
    """The index's error is the build's; the site is not recorded as done, so the next build runs
    Pagefind again (and says so again while it fails), with no page to write."""
    from briefexport.builder.pipeline import build
    from conftest import small_project

    project = small_project(tmp_path / "work", ("harbour-electrification",))
    site = project.root / "build" / "site"
    real = search.executable
    monkeypatch.setattr(search, "executable", lambda: fake(tmp_path, 'echo "Error: disk full" >&2; exit 3\n'))
    failed = "build/site/pagefind: error: search index: Pagefind failed (exit 3): Error: disk full"
    for _ in range(2):
        result = build(project, formats=["site"], uses=False, jobs=1)
        assert [str(d) for d in result.report.errors] == [failed]
    assert not (site / "pagefind").exists()
    monkeypatch.setattr(search, "executable", real)
    result = build(project, formats=["site"], uses=False, jobs=1)
    assert result.ok and result.built == []  # every page was in place
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    monkeypatch.setattr(search, "executable", lambda: fake(tmp_path, "exit 3\n"))
    assert build(project, formats=["site"], uses=False, jobs=1).ok  # recorded as done: not run again
