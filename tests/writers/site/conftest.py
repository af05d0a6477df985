"""The 1,000-brief archive, built once for every test of it (test_site_archive.py and
test_site_archive_browser.py): archive_project.py's briefs, the PDFs of the newest 20 (what the
index shows with their first pages), then the site from those outputs with `uses=False`, as
`briefexport build --format site` makes it from whatever outputs exist. Rendering 1,000 PDFs
would take minutes and say nothing more about the site: a brief without a PDF is listed and has
its web edition, only without a download and a picture."""

from __future__ import annotations

from pathlib import Path

import pytest

from writers.site.archive_project import make_archive

ARCHIVE_SIZE = 1000
WITH_PDFS = 20


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    from briefexport.builder import build
    from briefexport.project import Project

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
