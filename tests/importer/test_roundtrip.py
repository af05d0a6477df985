"""Round trip: every sample brief and every test root's brief, built as a Word draft and imported
again, gives the same brief: with its source present, the very same text (so the same model and
byte-identical print HTML); without it (a draft re-imported as a new brief), the same model,
line numbers aside (Word keeps no soft line breaks, so the paragraphs are written one per line).
A draft re-saved by LibreOffice imports the same way."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from briefexport.builder import read
from briefexport.content.reader import read_authors, read_brief
from briefexport.errors import Report
from briefexport.importer import import_draft
from briefexport.project import Project
from briefexport.writers.html import render_document
from briefexport.writers.shared.layout import Layout
from conftest import REPO, ROOTS
from importer.drafts import drafts, model, project_copy

pytestmark = pytest.mark.slow  # Word drafts of every sample and root brief, and LibreOffice

PROJECTS = {
    "sample": REPO,
    **{root.name: root for root in sorted(ROOTS.iterdir()) if (root / "content").is_dir()},
}
# Raw HTML comes back from Word as the Markdown it looks like (a <blockquote> as `>`): without
# the source, these briefs' models differ in exactly those blocks.
RAW_HTML = {"edge", "links-only", "scripts"}
# Links the drafts do not have (a file beside the brief, a //server share, ftp:, tel:: the one link
# policy keeps their text only) come back as text without the source.
POLICY_LINKS = {("hostile-build", "links")}
# A template: tests/safety/hostile.py fills in its ⟦U+XXXX⟧ characters; as it is, no bundled font
# draws ⟦ ⟧, which every format refuses with a located error (content/glyphs.py).
TEMPLATES = {("hostile-text", "control")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    made = {}
    for name, root in PROJECTS.items():
        folder = tmp_path_factory.mktemp(name)
        project = project_copy(root, folder / "project")
        made[name] = (project, drafts(project, folder / "out"))
    return made


def cases():
    """(project, slug) of every brief that reads (the others are tests of errors: no draft)."""
    found = []
    for name, root in PROJECTS.items():
        content = read(Project.at(root), [], Report())
        found += [(name, slug) for slug in sorted(content.briefs) if (name, slug) not in TEMPLATES]
    return found


def test_every_sample_and_readable_root_brief_made_a_draft(built):
    made = {(name, slug) for name, (_, docs) in built.items() for slug in docs}
    assert {("sample", p.stem) for p in (REPO / "content" / "briefs").glob("*.md")} <= made
    assert made == set(cases())  # every brief that reads (the others are broken on purpose)
    # 8 samples and the roots less hostile-sandbox's links-only (its `[@OUTSIDE]` is a citation, an
    # error without a bibliography), plus the three of citations/: not vacuous
    assert len(made) >= 36
    assert not made & TEMPLATES


@pytest.mark.parametrize("name,slug", cases())
def test_round_trip_with_the_source(built, name, slug):
    project, docs = built[name]
    source = project.briefs_dir / f"{slug}.md"
    before = source.read_text(encoding="utf-8")
    result = import_draft(project, docs[slug])
    assert result.target == source.resolve()
    assert result.diff == "" and result.new == before, result.diff
    assert result.pictures == []
    # the imported text reads as the same model, and prints the same HTML, byte for byte
    assert model(project, source, result.new) == model(project, source)
    layout = Layout(project)
    authors = read_authors(project, Report())
    original = read_brief(source, project, authors, Report())
    imported = read_brief(source, project, authors, Report(), text=result.new)
    out = project.root / "build"
    assert render_document(imported, layout, out, inline_css=False) == render_document(
        original, layout, out, inline_css=False
    )


@pytest.mark.parametrize("name,slug", cases())
def test_round_trip_without_the_source(built, name, slug, tmp_path):
    project, docs = built[name]
    new = project.briefs_dir / f"reimported-{slug}.md"
    result = import_draft(project, docs[slug], to=new)
    assert result.old == "" and result.diff.startswith("--- /dev/null")
    original = model(project, project.briefs_dir / f"{slug}.md", lines=False)
    imported = model(project, new, result.new, lines=False)
    if (name, slug) in POLICY_LINKS:
        assert imported["meta"] == original["meta"] and imported["images"] == original["images"]
        assert [e["type"] for e in imported["outline"] if e["type"].startswith("heading")] == [
            e["type"] for e in original["outline"] if e["type"].startswith("heading")
        ]
    elif slug in RAW_HTML:
        kinds = {entry["type"] for entry in original["outline"]} - {
            entry["type"] for entry in imported["outline"]
        }
        assert kinds == {"html_block"}
        assert imported["meta"] == original["meta"] and imported["footnotes"] == original["footnotes"]
        assert imported["images"] == original["images"]
    else:
        assert imported == original


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    soffice() is None, reason="LibreOffice (soffice) is not installed: tools/check-system.sh --test"
)
def test_a_draft_resaved_by_libreoffice_imports_the_same(built, tmp_path):
    project, docs = built["sample"]
    out = tmp_path / "resaved"
    profile = tmp_path / "profile"
    for slug, docx in docs.items():
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                str(out),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        resaved = out / docx.name
        assert resaved.read_bytes() != docx.read_bytes()
        source = project.briefs_dir / f"{slug}.md"
        result = import_draft(project, resaved)
        assert result.diff == "", result.diff
        new = project.briefs_dir / f"lo-{slug}.md"
        again = import_draft(project, resaved, to=new)
        assert model(project, new, again.new, lines=False) == model(project, source, lines=False)
