"""Shared fixtures. Test roots are real mini projects built through the library API."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefexport.builder import build
from briefexport.project import Project

REPO = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
ROOTS = TESTS / "roots"
GOLDEN = TESTS / "golden"


SOURCE_DATE_EPOCH = "1790000000"
# Set at import, not in a fixture: session-scoped fixtures run before function-scoped ones.
os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


def printed_text(brief, token) -> str:
    """An inline token's text as every format prints it: markdown.inline_text, with each citation
    as the model formatted it (a note style's citation note, an author-date citation)."""
    from briefexport.content.cite import rich
    from briefexport.content.markdown import inline_text

    parts = []
    for child in token.children or []:
        if child.type == "cite" and "cluster" in child.meta and brief.citations is not None:
            cited = brief.citations.clusters[child.meta["cluster"]]
            shown = child.meta.get("show", "both" if cited.in_text else "text")
            names = rich.plain(cited.authors) if shown in ("authors", "both") else ""
            parts.append(
                " ".join(filter(None, [names, rich.plain(cited.text) if shown != "authors" else ""]))
            )
        elif child.type == "softbreak":  # a space in every format (a note continued on its next line)
            parts.append(" ")
        else:
            single = type(token)("inline", "", 0)
            single.children = [child]
            parts.append(inline_text(single) if child.type not in ("text", "code_inline") else child.content)
    return "".join(parts).strip()


def copy_project(dest: Path, src: Path = REPO, with_layouts: bool = True) -> Project:
    """A copy of a project (default: this repo's content/, layouts/) in `dest`."""
    shutil.copytree(src / "content", dest / "content")
    if with_layouts and (src / "layouts").is_dir():
        shutil.copytree(src / "layouts", dest / "layouts")
    return Project.at(dest)


def small_project(dest: Path, briefs: tuple[str, ...], collections: dict[str, str] | None = None) -> Project:
    """A copy of this repo's project with only `briefs`, and `collections` (slug -> YAML text)
    instead of its own."""
    project = copy_project(dest)
    for brief in project.briefs():
        if brief.stem not in briefs:
            brief.unlink()
    shutil.rmtree(project.collections_dir, ignore_errors=True)
    project.collections_dir.mkdir()
    for slug, text in (collections or {}).items():
        (project.collections_dir / f"{slug}.yaml").write_text(text)
    return project


def keep_snapshot(work: Path) -> None:
    """Copy a built project folder aside (`pristine/` beside it), for `restore_snapshot`."""
    shutil.copytree(work, work.parent / "pristine", symlinks=True)


def restore_snapshot(work: Path) -> Path:
    """The folder as `keep_snapshot` left it, at the same absolute path (output keys depend on it)."""
    shutil.rmtree(work)
    shutil.copytree(work.parent / "pristine", work, symlinks=True)
    return work


@pytest.fixture
def sample_project(tmp_path) -> Project:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The repo's sample content built once per session in every format: (project, result, out)."""
    root = tmp_path_factory.mktemp("sample")
    project = copy_project(root / "project")
    out = root / "out"
    result = build(project, out=out)
    return project, result, out


@pytest.fixture(scope="session")
def sample_pdfs(sample_build) -> dict[str, Path]:
    """The sample briefs' screen PDFs, by slug."""
    project, result, out = sample_build
    assert not result.report.errors
    return {path.stem: out / "pdf" / f"{path.stem}.pdf" for path in project.briefs()}


@pytest.fixture(scope="session")
def sample_briefs(sample_build) -> dict:
    """The sample briefs as the reader reads them, by slug."""
    from briefexport.content import reader
    from briefexport.errors import Report

    project, _, _ = sample_build
    report = Report()
    authors = reader.read_authors(project, report)
    return {path.stem: reader.read_brief(path, project, authors, report) for path in project.briefs()}


LANGUAGES = ("en", "fr", "de", "es", "ru", "zh", "ja", "ko", "ar")  # the nine of tests/roots/languages


@pytest.fixture(scope="session")
def language_build(tmp_path_factory):
    """tests/roots/languages (a one-page brief in each of LANGUAGES) built once per session into
    every format: (project, out). The briefs' own outputs, one-brief EPUBs included, then the site."""
    root = tmp_path_factory.mktemp("languages")
    project = copy_project(root / "project", ROOTS / "languages", with_layouts=False)
    out = root / "out"
    result = build(
        project, project.briefs(), formats=["pdf", "print", "html", "docx", "epub"], out=out, jobs=2
    )
    assert result.ok and not result.report.warnings, [str(d) for d in result.report.diagnostics]
    result = build(project, formats=["site"], out=out, jobs=2)
    assert result.ok and not result.report.warnings, [str(d) for d in result.report.diagnostics]
    return project, out


ARCHIVE_SIZE = 1000
WITH_PDFS = 20


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    """The 1,000-brief archive, built once for every test of it (test_site_archive.py and
    test_site_archive_browser.py): archive_project.py's briefs, the PDFs of the newest 20 (what the
    index shows with their first pages), then the site from those outputs with `uses=False`, as
    `briefexport build --format site` makes it from whatever outputs exist. Rendering 1,000 PDFs
    would take minutes and say nothing more about the site: a brief without a PDF is listed and has
    its web edition, only without a download and a picture."""
    from writers.site.archive_project import make_archive

    root = tmp_path_factory.mktemp("archive") / "work"
    slugs = make_archive(root, ARCHIVE_SIZE)
    project = Project.at(root)
    out = root / "build"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        newest = [project.briefs_dir / f"{slug}.md" for slug in slugs[-WITH_PDFS:]]
        pdfs = build(project, sources=newest, formats=["pdf"], out=out)
        assert pdfs.ok, [str(d) for d in pdfs.report.errors]
        site = build(project, formats=["site"], out=out, uses=False)
    assert site.ok, [str(d) for d in site.report.errors]
    return project, site, out / "site", slugs


@pytest.fixture(scope="session")
def archive_site(archive) -> Path:
    return archive[2]
