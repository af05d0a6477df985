"""BibTeX and biblatex (Zotero's Better BibTeX writes biblatex) read into CSL-JSON, the one form
the engine and the Word fields take.

The file is split and its `@string`s resolved by bibtexparser 2 (each entry keeps its line), names
split by BibTeX's rules (von, last, jr, first) and LaTeX turned into text by pylatexenc, which only
maps macros to characters: `\\input{...}` reads nothing, it is dropped like any unknown macro. The
field and type mapping below is ours (neither library has one); it follows biblatex's manual and
what pandoc's and Zotero's importers do with the same fields.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # every failure is ours to report, located

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "proceedings": "book",
    "manual": "report",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "unpublished": "manuscript",
    "periodical": "periodical",
    "dataset": "dataset",
    "software": "software",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
    "patent": "patent",
    "misc": "document",
}
_TEXT = {
    "title": "title",
    "shorttitle": "title-short",
    "journal": "container-title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "maintitle": "container-title",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "edition": "edition",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "note": "note",
    "series": "collection-title",
    "type": "genre",
    "chapter": "chapter-number",
    "langid": "language",
    "language": "language",
    "howpublished": "medium",
    "eventtitle": "event-title",
    "venue": "event-place",
}
MAX_FIELD_CHARS = 32 * 1024  # a longer field is no reference's (and LaTeX decoding is ~10 µs a character)
_PUBLISHERS = ("institution", "organization", "school")  # who publishes a report, a thesis
_NAMES = {"author": "author", "editor": "editor", "translator": "translator"}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_latex = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def decode(text: str) -> str:
    """LaTeX as text: `{\\"o}` is ö, `\\&` is &, `--` an en dash; braces (case protection) go."""
    return " ".join(_latex.latex_to_text(text).split())


def _date(value: str) -> dict:
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return {"raw": value.strip()}
    return {"date-parts": [[int(part) for part in match.groups() if part]]}


def _name(parts) -> dict:
    last = " ".join(parts.last)
    if not parts.first and not parts.von and last.startswith("{") and last.endswith("}"):
        return {"literal": decode(last)}  # `{World Trade Organization}`: an organisation, not a surname
    name = {"family": decode(last)}
    if parts.first:
        name["given"] = decode(" ".join(parts.first))
    if parts.von:
        name["non-dropping-particle"] = decode(" ".join(parts.von))
    if parts.jr:
        name["suffix"] = decode(" ".join(parts.jr))
    return name


def to_csl(entry: Entry) -> dict:
    """One entry as CSL-JSON (its key as `id`)."""
    fields = {name.lower(): field.value for name, field in entry.fields_dict.items()}
    kind = entry.entry_type.lower()
    item: dict = {"id": entry.key, "type": _TYPES.get(kind, "document")}
    if kind == "article" and fields.get("number") and not fields.get("issue"):
        item["issue"] = str(fields.pop("number"))
    elif fields.get("number"):
        item["number"] = str(fields.pop("number"))
    for name, csl in _NAMES.items():
        if isinstance(fields.get(name), list):
            item[csl] = [_name(parts) for parts in fields[name]]
    for name, csl in _TEXT.items():
        value = fields.get(name)
        if isinstance(value, str | int) and str(value).strip() and csl not in item:
            item[csl] = str(value).strip() if csl in ("URL", "DOI") else decode(str(value))
    if "publisher" not in item:
        for name in _PUBLISHERS:
            if isinstance(fields.get(name), str):
                item["publisher"] = decode(fields[name])
                break
    if isinstance(fields.get("date"), str):
        item["issued"] = _date(decode(fields["date"]))
    elif isinstance(fields.get("year"), str | int):
        parts = [int(str(p)) for p in [fields["year"], fields.get("month")] if str(p or "").isdigit()]
        item["issued"] = {"date-parts": [parts]} if parts else {"raw": decode(str(fields["year"]))}
    if isinstance(fields.get("urldate"), str):
        item["accessed"] = _date(decode(fields["urldate"]))
    if kind in ("phdthesis", "mastersthesis") and "genre" not in item:
        item["genre"] = "PhD dissertation" if kind == "phdthesis" else "Master’s thesis"
    return item


_PART = re.compile(r'\s*(?:"([^"]*)"|\{((?:[^{}]|\{[^{}]*\})*)\}|(\w[\w:.-]*))\s*(?:#|$)')


def _concatenate(value: str, strings: dict[str, str]) -> str:
    """`wto # " Secretariat"`: BibTeX's concatenation of strings and quoted parts, which
    bibtexparser 2 leaves as written. A value that is not such a chain stays as it is."""
    parts, at = [], 0
    while at < len(value):
        match = _PART.match(value, at)
        if match is None or match.end() == at:
            return value
        quoted, braced, name = match.groups()
        if name is not None and not name.isdigit() and name.lower() not in strings:
            return value
        parts.append(
            quoted
            if quoted is not None
            else braced
            if braced is not None
            else strings.get(name.lower(), name)
        )
        at = match.end()
    return "".join(parts)


def read(text: str) -> tuple[list[tuple[dict, int]], list[Problem]]:
    """The entries of a BibTeX file as (CSL-JSON, line) and what could not be read, each located."""
    library = parse_string(
        text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.MonthIntMiddleware(allow_inplace_modification=True),
        ],
    )
    problems = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(Problem(line, f"the key `{block.key}` is used twice in this file"))
        elif isinstance(block, ParsingFailedBlock):
            reason = str(getattr(block.error, "abort_reason", "") or block.error)
            first = (block.raw or "").split("\n", 1)[0].strip()[:40]
            problems.append(Problem(line, f"`{first}` is not a BibTeX entry: {reason.strip()}"))
    strings = {s.key.lower(): str(s.value) for s in library.strings}
    entries = []
    for entry in library.entries:
        long = next(
            (f.key for f in entry.fields if isinstance(f.value, str) and len(f.value) > MAX_FIELD_CHARS), None
        )
        if long is not None:
            line = (entry.start_line or 0) + 1
            problems.append(
                Problem(line, f"`{entry.key}`: its `{long}` is longer than {MAX_FIELD_CHARS // 1024} KiB")
            )
            continue
        for field in entry.fields:
            if isinstance(field.value, str) and "#" in field.value:
                field.value = _concatenate(field.value, strings)
        try:
            entries.append((to_csl(entry), (entry.start_line or 0) + 1))
        except RecursionError:
            problems.append(Problem((entry.start_line or 0) + 1, f"`{entry.key}` is nested too deeply"))
    return entries, problems
