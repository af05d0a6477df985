"""`check` in two steps: each brief read on its own into a small summary (what its reading reported,
its heading ids, its links to other briefs, whether it is a draft), anywhere, in any process; then
the checks between briefs (links to another brief's headings, drafts in collections) from the
summaries alone, in one place, never parsing a brief again.

`check_summaries` adds the diagnostics in the order `read_sources` does (every brief's own, by
slug; then the links between them; then the collections), so a check gives the same lines however
its briefs were read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefexport.content import reader
from briefexport.content.glyphs import Covered, unprintable
from briefexport.content.model import Author, BriefLink
from briefexport.content.references import anchors, broken_links
from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.project import Project


@dataclass(frozen=True)
class BriefSummary:
    """One brief as `check` needs it after reading: small, and cheap to send between processes.
    Stands in for the Brief where links between briefs and collections are checked (`path`,
    `slug`, `links`, `is_draft`)."""

    path: Path
    slug: str
    diagnostics: tuple[Diagnostic, ...]  # its own reading's, in the order they were found
    anchors: tuple[str, ...] | None  # its heading ids; None when it did not read
    links: dict[str, BriefLink] = field(default_factory=dict)
    is_draft: bool = False


def summarize(
    path: Path, project: Project, authors: dict[str, Author], covered: Covered | None = None
) -> BriefSummary:
    """Read one brief (every mistake kept, located) and keep only what the checks between briefs
    need; with `covered` (what the brand's fonts draw per language), its characters no font has."""
    report = Report()
    try:
        brief = reader.read_brief(path, project, authors, report)
    except ContentError as exc:
        report.extend(exc)
        return BriefSummary(path, path.stem, tuple(report.diagnostics), None)
    if covered is not None:
        try:
            report.diagnostics.extend(unprintable(brief, project, covered))
        except ContentError as exc:  # the brand or a font that does not read: said where it is
            report.extend(exc)
    return BriefSummary(
        path, path.stem, tuple(report.diagnostics), tuple(anchors(brief.tokens)), brief.links, brief.is_draft
    )


def lost(path: Path, project: Project, why: str) -> BriefSummary:
    """A brief that could not be read at all (its reader died): one error at its file."""
    return BriefSummary(
        path, path.stem, (Diagnostic(project.display(path), 0, 0, f"could not be checked: {why}"),), None
    )


def every_brief(project: Project, brief_paths: Iterable[Path]) -> dict[str, Path]:
    """The project's briefs by slug, and the named ones outside content/briefs/."""
    found = {p.stem: p for p in project.briefs()}
    for path in brief_paths:
        found.setdefault(path.stem, path)
    return found


def needed(project: Project, brief_paths: list[Path], collection_paths: list[Path]) -> list[Path]:
    """The briefs a reading of these sources reads, by slug: the named ones, and every brief when a
    collection is named (it may name any brief, or a glob)."""
    found = every_brief(project, brief_paths)
    slugs = set(found) if collection_paths else {p.stem for p in brief_paths}
    return [found[slug] for slug in sorted(slugs) if slug in found]


def authors_of(project: Project, report: Report) -> dict[str, Author]:
    """The authors registry, its mistakes reported; empty when it does not read."""
    try:
        return reader.read_authors(project, report)
    except ContentError as exc:
        report.extend(exc)
        return {}


def check_summaries(
    project: Project,
    summaries: list[BriefSummary],
    brief_paths: list[Path],
    collection_paths: list[Path],
    report: Report,
    allow_drafts: bool = False,
) -> None:
    """Report what each brief's reading found, then what only the briefs together show: links to a
    heading another brief does not have, and the collections (briefs they name, drafts among them)."""
    for summary in summaries:
        report.diagnostics.extend(summary.diagnostics)
    read = {s.slug: s for s in summaries if s.anchors is not None}
    good = dict(read)
    for slug, summary in read.items():
        errors = broken_links(summary, lambda other: read[other].anchors if other in read else None, project)
        if errors:
            report.diagnostics.extend(errors)
            del good[slug]  # a link to a heading that is not there: as broken as any other error
    known = sorted(every_brief(project, brief_paths))
    for path in collection_paths:
        try:
            reader.check_collection(path, project, good, known, report, False, allow_drafts)
        except ContentError as exc:
            report.extend(exc)
