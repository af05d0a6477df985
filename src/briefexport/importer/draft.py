"""`briefexport import DRAFT.docx`: a Word draft back into its brief, as a diff or written."""

from __future__ import annotations

import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from briefexport import limits
from briefexport.atomic import write_atomic
from briefexport.content.reader import MAX_BRIEF_BYTES, read_authors, read_brief, source_digest
from briefexport.content.text import read_text
from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.importer import front_matter, ir, manuscript, notes
from briefexport.importer.archive import Package, open_docx
from briefexport.importer.document import DocumentReader, Draft
from briefexport.importer.links import changed_links
from briefexport.importer.merge import Merger, expand, fresh_body
from briefexport.importer.pictures import NewPicture, PictureFinder, refuse
from briefexport.importer.revisions import check_revisions
from briefexport.importer.source import brief_language, read_source
from briefexport.importer.targets import name_targets
from briefexport.project import Project
from briefexport.writers.docx import provenance

IMPORT_TIME_LIMIT = 60  # seconds to read a draft and rebuild its brief
_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


class ImportUsage(Exception):
    """A mistake in how the command was called (exit 2)."""


@dataclass
class Imported:
    target: Path
    shown: str
    old: str  # the brief before ("" when new)
    new: str
    report: Report
    pictures: list[NewPicture] = field(default_factory=list)
    written: bool = False
    summary: manuscript.Summary | None = None  # what a manuscript's import did (None for a draft)

    @property
    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.old.splitlines(keepends=True),
                self.new.splitlines(keepends=True),
                f"a/{self.shown}" if self.old else "/dev/null",
                f"b/{self.shown}",
            )
        )


def import_draft(
    project: Project,
    docx: Path,
    to: Path | None = None,
    write: bool = False,
    force: bool = False,
    accept_changes: bool = False,
) -> Imported:
    """Rebuild the brief a draft came from; ContentError (every problem) when it cannot be done."""
    docx = Path(docx)
    try:
        regular = stat.S_ISREG(docx.stat().st_mode)
    except FileNotFoundError:
        raise ImportUsage(f"no such file: {docx}") from None
    except OSError as exc:
        raise ImportUsage(f"cannot read {docx}: {exc.strerror or exc}") from None
    if not regular:  # /dev/zero would never end, a pipe would wait forever
        raise ImportUsage(f"{docx}: not a regular file (a device, a pipe or a folder?); give a .docx file")
    shown = project.display(docx)
    report = Report()
    try:
        with limits.time_limit(IMPORT_TIME_LIMIT):
            result = _import(project, docx, shown, to, force, accept_changes, report)
    except limits.TimeLimitExceeded:
        raise ContentError(
            Diagnostic(
                shown, 0, 0, f"reading the draft took longer than {IMPORT_TIME_LIMIT} s and was stopped"
            )
        ) from None
    if write:
        written = result.target
        try:
            for picture in result.pictures:
                written = picture.path
                write_atomic(picture.path, picture.data)
            written = result.target
            write_atomic(result.target, result.new.encode())
        except OSError as exc:  # read-only, full: the brief is as it was (written last, atomically)
            raise ImportUsage(f"cannot write {project.display(written)}: {exc.strerror or exc}") from None
        result.written = True
    return result


def _import(project, docx, shown, to, force, accept, report) -> Imported:
    package = open_docx(docx, shown)
    record = read_provenance(package)
    reader = DocumentReader(package, accept, foreign=record is None)
    draft = reader.read()
    check_revisions(draft, shown, accept, report)
    title_place = None
    if record is None and not draft.title:
        draft.blocks, draft.title, title_place = manuscript.take_title(draft.blocks)
    for paragraph, message in draft.notices:
        report.warn(shown, 0, 0, f"paragraph {paragraph}: {message}")
    if not draft.blocks and not draft.title:
        raise ContentError(
            Diagnostic(shown, 0, 0, "nothing to import: the document has no title and no text")
        )

    target = target_path(project, to, record, draft)
    target_shown = project.display(target)
    if os.path.lexists(target) and not target.is_file():
        raise ImportUsage(f"{target_shown}: not a regular file; the brief must be a .md file")
    old = (
        read_text(target, target_shown, report, project, max_bytes=MAX_BRIEF_BYTES)
        if target.is_file()
        else ""
    )
    read = _Read(package, draft, reader, record, title_place)
    if old and record is not None and record.sha256 and source_digest(old) != record.sha256 and not force:
        # A newer brief is refused, unless it already holds what the draft gives (the draft was
        # imported before, or the same edit was made in both): then there is nothing to import.
        try:
            same = _rebuild(project, read, target, target_shown, old, shown, report)
        except ContentError:
            same = None
        if same is not None and same.new == old:
            return same
        raise ContentError(
            Diagnostic(
                target_shown,
                0,
                0,
                f"the brief changed after this draft was made: the draft is from version "
                f"{record.sha256[:12]}, the brief is now version {source_digest(old)[:12]}",
                "merge by hand, or import with --force to replace the newer brief with the draft's text",
            )
        )
    return _rebuild(project, read, target, target_shown, old, shown, report)


@dataclass
class _Read:
    """What was read of the draft: its package, its blocks, the reader, its provenance (None for a
    Word file briefexport did not make), and where a manuscript's title was taken from."""

    package: Package
    draft: Draft
    reader: DocumentReader
    record: provenance.Provenance | None
    title_place: int | None


def _rebuild(project, read: _Read, target, target_shown, old, shown, report) -> Imported:
    """The brief's new text from the draft's blocks, merged into the old text where unchanged."""
    package, draft, reader, record = read.package, read.draft, read.reader, read.record
    title_place = read.title_place
    opening, front, closing, old_body = (
        front_matter.split(old, target_shown) if old else ("---\n", None, "---\n", "")
    )
    language = front_matter.language(front if front is not None else record.front_matter if record else None)
    source = read_source(old_body, target_shown, language)
    blocks, definitions = notes.label_notes(
        draft.blocks, draft.notes, reader.bookmarks, source.notes, source.note_order
    )
    if notes.unknown_notes(blocks):
        report.warn(shown, 0, 0, "a cross-reference to a footnote that is no longer there was left out")
        blocks = notes.drop_unknown(blocks)
    ids = {**(record.ids if record else {}), **source.ids}  # bookmark -> the brief's id it carries
    summary = manuscript.Summary(notes=len(definitions)) if record is None else None
    named: dict[str, str] = {}
    if summary is not None:  # a manuscript's captions, cross-references and linked headings
        blocks, definitions, named = manuscript.name_ids(
            blocks, definitions, dict.fromkeys(source.ids.values(), 1), summary
        )
        ids = {**named, **ids}
    blocks, definitions = name_targets(blocks, ids), name_targets(definitions, ids)
    anchors = {**{bookmark: "#" + name for bookmark, name in ids.items()}, **source.anchors}
    blocks = list(notes.fix_anchors(blocks, anchors))
    definitions = list(notes.fix_anchors(definitions, anchors))  # notes link too
    body_line = len(old.split("\n")) - len(old_body.split("\n")) + 1 if old else 1
    for changed in changed_links(blocks + definitions, source.blocks, target_shown, body_line):
        report.add(changed)
    if summary is not None:
        known = {link.lstrip("#") for link in source.anchors.values()} | set(named.values())
        blocks, definitions, summary.links_mapped, summary.links_dropped = manuscript.map_links(
            draft, blocks, definitions, title_place, known, shown, report
        )
        manuscript.count_targets(blocks + definitions, summary, set(named.values()))
    finder = PictureFinder(project, target, record.pictures if record else {}, shown, target.stem)
    blocks, definitions = list(finder.resolve(tuple(blocks))), list(finder.resolve(tuple(definitions)))
    refuse(finder.problems)
    for warning in finder.warnings:
        report.warn(shown, 0, 0, warning)

    with brief_language(language):  # Markdown written and read back as the brief's language prints it
        body = Merger(source).body(blocks + definitions) if old else fresh_body(blocks + definitions)
        if old and not same(body, blocks, definitions, target_shown, language):
            body = fresh_body(
                blocks + definitions
            )  # keeping source text would change the meaning: write it all anew
        if not same(body, blocks, definitions, target_shown, language):
            report.warn(
                shown, 0, 0, "some formatting could not be written in Markdown exactly as Word has it"
            )

    if front is None and record is not None and record.front_matter:
        front = record.front_matter
    elif front is None:
        front, missing = manuscript.front_matter(
            draft.title, draft.subtitle, core_properties(package), read_authors(project, Report())
        )
        report.warn(
            shown,
            0,
            0,
            "this Word file was not made by briefexport: its front matter comes from the file"
            + (" and lacks " + "; ".join(missing) if missing else "")
            + " (status: draft until you decide)",
        )
    if draft.title:
        front = front_matter.set_value(front, "title", draft.title)
    if record is not None or draft.subtitle:
        front = front_matter.set_value(front, "subtitle", draft.subtitle or None)
    new = front_matter.join(opening, front, closing, body if old else body_join(body))
    validate(project, target, new, finder, report)
    if summary is not None:
        pictures = [p for p in ir.collect(tuple(blocks + definitions), ir.Picture) if p.src]
        summary.pictures, summary.converted, summary.kept = len(pictures), finder.converted, len(finder.kept)
        summary.missing_descriptions = [p.src for p in pictures if not p.alt.strip()]
        for src in dict.fromkeys(summary.missing_descriptions):
            report.warn(
                shown, 0, 0, f"picture `{src}` has no description: write what it shows, ![description](...)"
            )
    return Imported(target, target_shown, old, new, report, list(finder.new.values()), summary=summary)


def body_join(body: str) -> str:
    return body if body.startswith("\n") or not body.strip() else "\n" + body


def read_provenance(package: Package) -> provenance.Provenance | None:
    items = package.related(package.main, _CUSTOM_XML)
    items += sorted(
        name for name in package.names if re.fullmatch(r"customXml/item\d+\.xml", name) and name not in items
    )
    custom = package.related("", provenance.CUSTOM_PROPERTIES_RT)
    return provenance.from_parts(
        [package.read(name) for name in items[:20]], package.read(custom[0]) if custom else None
    )


def core_properties(package: Package) -> dict[str, str]:
    found = package.related("", _CORE)
    if not found:
        return {}
    return {etree.QName(node).localname: (node.text or "").strip() for node in package.xml(found[0])}


def target_path(project: Project, to: Path | None, record, draft: Draft) -> Path:
    briefs = project.briefs_dir
    if to is not None:
        try:
            path = Path(to).resolve()
        except (OSError, RuntimeError):  # a symlink loop: RuntimeError before Python 3.13
            raise ImportUsage(f"--to {to}: cannot be resolved (a symbolic link loop?)") from None
        if path.suffix != ".md" or not path.is_relative_to(project.content.resolve()):
            raise ImportUsage(f"--to {to}: give a .md file inside {project.display(project.content)}/")
        return path
    if record is not None and record.source:
        path = (project.root / record.source).resolve()
        if path.suffix == ".md" and path.is_relative_to(briefs.resolve()):
            return path
    slug = re.sub(r"[^a-z0-9-]+", "-", (record.slug if record else "").lower()).strip("-")
    if not slug:
        words = re.findall(r"[a-z0-9]+", (draft.title or "").lower())
        slug = "-".join(words[:8]) or "imported-draft"
    return briefs / f"{slug}.md"


def same(body: str, blocks: list, definitions: list, shown: str, language: str) -> bool:
    """Whether `body` reads back as the draft's blocks and notes."""
    source = read_source(body, shown, language)
    read_blocks, read_notes = [], []
    for src in expand(source.blocks):
        if isinstance(src.block, ir.NoteDef):
            read_notes.append(src.block)
        else:
            read_blocks.append(src.block)
    return read_blocks == list(blocks) and {n.label: n.blocks for n in read_notes} == {
        n.label: n.blocks for n in definitions
    }


def validate(project: Project, target: Path, text: str, finder: PictureFinder, report: Report) -> None:
    """The result must read as a brief; pictures still to be written are not missing."""
    check = Report()
    authors = read_authors(project, check)
    staged = {str(p.path.resolve()) for p in finder.new.values()}
    try:
        read_brief(target, project, authors, check, text=text)
        problems = []
    except ContentError as exc:
        kept = {p.name for p in finder.kept}  # pictures no converter could read: check reports them
        problems = [
            d
            for d in exc.diagnostics
            if not (
                d.message.startswith("image `")
                and ("no such file" in d.message or "not a picture type" in d.message)
                and any(s.endswith(d.message.split("`")[1].split("/")[-1]) for s in staged)
            )
            and not (d.message.startswith("image `") and d.message.split("`")[1].split("/")[-1] in kept)
        ]
    report.diagnostics.extend(d for d in check.diagnostics if d.severity == "warning")
    if problems:
        raise ContentError(problems)
