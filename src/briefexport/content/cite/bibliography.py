"""The references a brief can cite: `content/references.bib`, `.json` (CSL-JSON) and `.yaml` (CSL
YAML), found like authors.yaml, and the files its `bibliography:` names (relative to the brief,
inside the project). Zotero writes all three (Better BibTeX, or its own CSL-JSON export). Each is
read into CSL-JSON by key, each entry remembering its file and line, so every message is located.

Bibliography files are data: size capped, read under the briefs' time limit, YAML without
anchors or deep nesting, BibTeX's LaTeX only mapped to characters (bibtex.py). A file is read once
per process while its text is unchanged, and only for a brief that cites.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from briefexport import limits
from briefexport.content import yaml_source
from briefexport.content.text import read_text
from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.project import Project

PROJECT_FILES = ("references.bib", "references.json", "references.yaml")
SUFFIXES = (".bib", ".json", ".yaml", ".yml")
MAX_BIBLIOGRAPHY_BYTES = 8 * 1024 * 1024  # a Zotero library of several thousand entries
DATES = ("issued", "accessed", "original-date", "event-date", "submitted", "available-date")
NAMES = ("author", "editor", "translator", "container-author", "collection-editor", "director", "interviewer")
_JSON_ID = re.compile(r'"id"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+))')


@dataclass(frozen=True)
class Reference:
    key: str
    data: dict  # CSL-JSON, its `id` the key
    shown: str  # the file, as messages show it
    line: int


# Kept across runs by construction: an entry is keyed by the file's text itself (its digest, the
# file read again through the sandbox for each use) and by how messages show its name, so an
# edited file is a new entry whatever its times say; the least recently used go past KEEP_PARSED.
# What is cached is the parse (bibtexparser and LaTeX decoding), the one part that costs time.
KEEP_PARSED = 32
_parsed: OrderedDict[tuple[str, str, bytes], tuple[dict[str, Reference], list[Diagnostic]]] = OrderedDict()


def project_files(project: Project) -> list[Path]:
    return [project.content / name for name in PROJECT_FILES if (project.content / name).is_file()]


def read_file(path: Path, project: Project) -> tuple[dict[str, Reference], list[Diagnostic]]:
    """The entries of one file by key, and its problems (located)."""
    shown = project.display(path)
    report = Report()
    try:
        text = read_text(path, shown, report, project, max_bytes=MAX_BIBLIOGRAPHY_BYTES)
    except ContentError as exc:
        return {}, exc.diagnostics
    key = (path.suffix, shown, hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    if key in _parsed:
        _parsed.move_to_end(key)
    else:
        _parsed[key] = _read_file(text, path.suffix, shown, report)
        while len(_parsed) > KEEP_PARSED:
            _parsed.popitem(last=False)
    return _parsed[key]


def _read_file(
    text: str, suffix: str, shown: str, report: Report
) -> tuple[dict[str, Reference], list[Diagnostic]]:
    """`report` holds what reading the text said (a function of the text, as the rest is)."""
    try:
        with limits.time_limit(limits.PARSE_TIME_LIMIT):
            if suffix == ".bib":
                from briefexport.content.cite import bibtex  # bibtexparser and pylatexenc: for a .bib only

                found, problems = bibtex.read(text)
                diagnostics = [Diagnostic(shown, p.line, 1, p.message) for p in problems]
            elif suffix == ".json":
                found, diagnostics = _json(text, shown)
            else:
                found, diagnostics = _yaml(text, shown, report)
    except ContentError as exc:
        return {}, report.diagnostics + exc.diagnostics
    except limits.TimeLimitExceeded:
        message = f"took longer than {limits.PARSE_TIME_LIMIT} s to read and was stopped"
        hint = "split it, or look for very long or deeply nested fields"
        return {}, [Diagnostic(shown, 1, 1, message, hint)]
    diagnostics += report.diagnostics
    references: dict[str, Reference] = {}
    for item, line in found:
        key = str(item["id"])
        problem = _shape(item)
        if problem:
            diagnostics.append(Diagnostic(shown, line, 1, f"`{key}`: {problem}"))
        elif key in references:
            diagnostics.append(
                Diagnostic(
                    shown,
                    line,
                    1,
                    f"the key `{key}` is used twice in this file (also line {references[key].line})",
                )
            )
        else:
            references[key] = Reference(key, _normalise(item), shown, line)
    return references, diagnostics


def _json(text: str, shown: str) -> tuple[list[tuple[dict, int]], list[Diagnostic]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(Diagnostic(shown, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")) from None
    except RecursionError:
        raise ContentError(Diagnostic(shown, 1, 1, "JSON nested too deeply")) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise ContentError(
            Diagnostic(shown, 1, 1, 'CSL-JSON is a list of entries: `[{"id": ..., "type": ...}]`')
        )
    lines = [text.count("\n", 0, m.start()) + 1 for m in _JSON_ID.finditer(text)]
    found, diagnostics = [], []
    for index, item in enumerate(data):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int) or item.get("id") == "":
            diagnostics.append(
                Diagnostic(shown, line, 1, f"entry {index + 1} has no `id`: every entry needs its key")
            )
            continue
        found.append((item, line))
    return found, diagnostics


def _yaml(text: str, shown: str, report: Report) -> tuple[list[tuple[dict, int]], list[Diagnostic]]:
    text = re.sub(r"^---[ \t]*\n", "", text)  # pandoc's files are a YAML document between fences
    text = re.sub(r"\n(?:---|\.\.\.)[ \t]*\n?\Z", "\n", text)
    source = yaml_source.load(text, shown, 1, report)
    data = source.data
    where: tuple[str, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("references"), list):
        data, where = data["references"], ("references",)
    if not isinstance(data, list):
        raise source.error_at((), "CSL YAML is a list of entries (or `references:` holding one)")
    found, diagnostics = [], []
    for index, item in enumerate(data):
        spot = source.diagnostic_at((*where, index), "")
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int) or item.get("id") == "":
            diagnostics.append(
                Diagnostic(
                    shown, spot.line, spot.col, f"entry {index + 1} has no `id`: every entry needs its key"
                )
            )
            continue
        found.append((item, spot.line))
    return found, diagnostics


def _shape(item: dict) -> str | None:
    """What would make the engine fail on an entry, said where it is written."""
    if not isinstance(item.get("type", ""), str):
        return "`type` is a CSL type such as `book`, `article-journal` or `report`"
    for name in NAMES:
        value = item.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(n, dict) for n in value)):
            return f"`{name}` is a list of names, each `{{family: ..., given: ...}}` or `{{literal: ...}}`"
    for date in DATES:
        value = item.get(date)
        if value is not None and not isinstance(value, dict | str | int):
            return f"`{date}` is a date: `{{date-parts: [[2019, 3]]}}` or text such as `2019-03`"
    return None


def _normalise(item: dict) -> dict:
    """CSL YAML's shorthands as CSL-JSON: `issued: 2019-03-01` (pandoc writes dates as text)."""
    item = {**item, "id": str(item["id"]), "type": item.get("type") or "document"}
    for date in DATES:
        value = item.get(date)
        if isinstance(value, int):
            item[date] = {"date-parts": [[value]]}
        elif isinstance(value, str):
            match = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", value.strip())
            item[date] = {"date-parts": [[int(p) for p in match.groups() if p]]} if match else {"raw": value}
    return item


def gather(paths: list[Path], project: Project) -> tuple[dict[str, Reference], list[Diagnostic]]:
    """Every entry of these files by key; a key in two files is an error naming both."""
    references: dict[str, Reference] = {}
    diagnostics: list[Diagnostic] = []
    for path in paths:
        found, problems = read_file(path, project)
        diagnostics += problems
        for key, reference in found.items():
            first = references.get(key)
            if first is not None and first.shown != reference.shown:
                diagnostics.append(
                    Diagnostic(
                        reference.shown,
                        reference.line,
                        1,
                        f"the key `{key}` is also in {first.shown}:{first.line}",
                        "keep one entry per key across the bibliography files",
                    )
                )
            elif first is None:
                references[key] = reference
    return references, diagnostics
