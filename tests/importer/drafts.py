"""Helpers for the importer tests: a project copy, its Word drafts, the model compared."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from briefexport.builder import build
from briefexport.content.reader import read_authors, read_brief
from briefexport.errors import Report
from briefexport.project import Project


def _golden_module():
    """tests/writers/test_golden.py, whose model_as_json is the model the golden files compare."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "golden_for_import", Path(__file__).parent.parent / "writers" / "test_golden.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


model_as_json = _golden_module().model_as_json


def project_copy(src: Path, dest: Path) -> Project:
    shutil.copytree(src / "content", dest / "content")
    if (src / "layouts").is_dir():
        shutil.copytree(src / "layouts", dest / "layouts")
    return Project.at(dest)


def drafts(project: Project, out: Path) -> dict[str, Path]:
    """Every brief of the project that reads, built as a Word draft: slug -> .docx."""
    build(project, [], ["docx"], out=out, jobs=1)
    return {path.stem: path for path in sorted((out / "docx").glob("*.docx"))}


def model(project: Project, path: Path, text: str | None = None, lines: bool = True) -> dict:
    """The parsed brief as the golden tests compare it, plus every footnote's text and every
    picture's alt; without line numbers when `lines` is False."""
    brief = read_brief(path, project, read_authors(project, Report()), Report(), text=text)
    data = json.loads(model_as_json(brief))
    data.pop("slug")
    data["table_aligns"] = [t.attrGet("style") for t in brief.tokens if t.type in ("th_open", "td_open")]
    if not lines:
        data.pop("body_line")
        for key in ("outline", "images", "sections"):
            for entry in data[key]:
                entry.pop("line", None)
        for entry in data.get("citations", {}).get("clusters", []):  # where and how it was wrapped
            entry.pop("line", None)
            entry["source"] = " ".join(entry["source"].split())
    return data


def docx_document(path: Path):
    import docx

    return docx.Document(str(path))


def save(document, path: Path) -> Path:
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path
