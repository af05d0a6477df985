"""`check` in two steps: each brief read on its own into a small summary (what its reading reported,
its heading ids, its links to other briefs, whether it is a draft), anywhere, in any process; then
the checks between briefs (links to another brief's headings, drafts in collections) from the
summaries alone, in one place, never parsing a brief again.

`check_summaries` adds the diagnostics in the order `read_sources` does (every brief's own, by
slug; then the links between them; then the collections), so a check gives the same lines however
its briefs were read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefexport.content import reader
from briefexport.content.draft_policy import Drafts
from briefexport.content.format_needs import NEEDS, unmet
from briefexport.content.glyphs import Covered, unprintable
from briefexport.content.model import Author, BriefLink
from briefexport.content.references import broken_links
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
    anchors: dict[str, str] | None  # its ids (Brief.anchors); None when it did not read
    links: dict[str, BriefLink] = field(default_factory=dict)
    is_draft: bool = False
    needs: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)  # format -> what it lacks for it


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
    needs = {fmt: tuple(unmet(brief, fmt, project)) for fmt in NEEDS}
    return BriefSummary(
        path,
        path.stem,
        tuple(report.diagnostics),
        brief.anchors,
        brief.links,
        brief.is_draft,
        {fmt: found for fmt, found in needs.items() if found},
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


def linked(summaries: Iterable[BriefSummary], project: Project, brief_paths: list[Path]) -> list[Path]:
    """The briefs these summaries link to a heading of, that they do not include themselves: a
    check of some briefs reads those too, for their headings (their own mistakes are theirs)."""
    read = {s.slug for s in summaries}
    wanted = {link.slug for s in summaries for link in s.links.values() if link.anchor is not None}
    found = every_brief(project, brief_paths)
    return [found[slug] for slug in sorted(wanted - read) if slug in found]


def check_summaries(
    project: Project,
    summaries: list[BriefSummary],
    brief_paths: list[Path],
    collection_paths: list[Path],
    report: Report,
    policy: Drafts = Drafts.LEAVE_OUT,
    others: Iterable[BriefSummary] = (),
    made: Mapping[Path, Iterable[str]] | None = None,
) -> None:
    """Report what each brief's reading found, then what only the briefs together show: links to a
    heading another brief does not have, and the collections (briefs they name, drafts among them).
    `others` are briefs read only for their headings (see `linked`): their own mistakes are not
    reported here. `made` gives the formats a build makes of each source (builder.plan): what
    those formats need of a brief (format_needs.py), or of each brief of a collection, is reported
    too, as the build would refuse it."""
    made = made or {}
    needed: dict[Diagnostic, None] = {}  # once, however many books hold the brief
    for summary in summaries:
        report.diagnostics.extend(summary.diagnostics)
        for fmt in made.get(summary.path, ()):
            needed.update(dict.fromkeys(summary.needs.get(fmt, ())))
    read = {s.slug: s for s in summaries if s.anchors is not None}
    headings = {s.slug: s.anchors for s in others if s.anchors is not None}
    headings.update((slug, s.anchors) for slug, s in read.items() if s.anchors is not None)
    good = dict(read)
    for slug, summary in read.items():
        found = broken_links(summary, headings.get, project)
        report.diagnostics.extend(found)
        if any(d.severity == "error" for d in found):
            del good[slug]  # a link to a heading that is not there: as broken as any other error
    known = sorted(every_brief(project, brief_paths))
    for path in collection_paths:
        try:
            _, chosen, _ = reader.check_collection(path, project, good, known, report, policy)
        except ContentError as exc:
            report.extend(exc)
            continue
        for fmt in made.get(path, ()):
            for slug in chosen:
                needed.update(dict.fromkeys(good[slug].needs.get(fmt, ())))
    report.diagnostics.extend(needed)
