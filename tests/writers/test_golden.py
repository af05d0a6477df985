"""Golden files of the deterministic parts: the parsed model as JSON, the print HTML and the DOCX
body (`word/document.xml`, indented). The EPUB's OPF and nav are in test_epub.py.

Regenerate after an intended change with `UPDATE_GOLDEN=1 make test` (or
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/writers/test_golden.py`), then review the diff like code.
"""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest

from briefexport.builder import read
from briefexport.content.markdown import inline_text
from briefexport.content.sources import Content
from briefexport.errors import Report
from briefexport.writers.html import render_document
from briefexport.writers.shared.layout import Layout
from conftest import GOLDEN, REPO, copy_project

SLUGS = sorted(p.stem for p in (REPO / "content" / "briefs").glob("*.md"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple:
    project = copy_project(tmp_path_factory.mktemp("golden") / "project")
    report = Report()
    content: Content = read(project, [], report)
    assert not report.errors, report.errors
    return project, content


def model_as_json(brief) -> str:
    outline = [
        {
            "type": t.type,
            "tag": t.tag,
            "line": t.map[0] if t.map else None,
            **({"text": inline_text(t)[:60]} if t.type == "inline" else {}),
        }
        for t in brief.tokens
        if t.nesting >= 0
    ]
    data = {
        "slug": brief.slug,
        "meta": brief.meta.model_dump(mode="json"),
        "authors": [a.localized(brief.language).model_dump() for a in brief.authors],
        "sections": [vars(s) for s in brief.sections],
        "images": [{"src": i.src, "alt": i.alt, "caption": i.caption, "line": i.line} for i in brief.images],
        "footnotes": {
            str(k + 1): " ".join(inline_text(t) for t in v if t.type == "inline")
            for k, v in sorted(brief.footnotes.items())
        },
        "body_line": brief.body_line,
        "outline": outline,
        # the numbers and ids the model gives every format: id -> [kind, its id, number, label]
        "targets": {name: [t.kind, t.id, t.number, t.label] for name, t in brief.targets.items()},
        "uses": sorted(brief.uses),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept)"


@pytest.mark.parametrize("slug", SLUGS)
def test_model_matches_golden(sample, slug):
    _, content = sample
    compare(f"{slug}.model.json", model_as_json(content.briefs[slug]))


@pytest.mark.parametrize("slug", SLUGS)
def test_print_html_matches_golden(sample, slug):
    project, content = sample
    html = render_document(content.briefs[slug], Layout(project), project.root / "build", inline_css=False)
    compare(f"{slug}.html", html)


def document_xml(docx: bytes) -> str:
    """`word/document.xml` of a DOCX, one element per line, so a diff shows what changed."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    etree.indent(root, space=" ")
    return etree.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("slug", SLUGS)
def test_docx_body_matches_golden(sample, slug, monkeypatch):
    from briefexport.writers import docx

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    project, content = sample
    compare(
        f"docx/{slug}.document.xml",
        document_xml(docx.render(content.briefs[slug], Layout(project), project.root / "build").data),
    )
