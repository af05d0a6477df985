"""A project's sources read for one run: every brief and collection the named sources need
(`read_sources`), the briefs read one by one as workers ask for them (`Briefs`), and, for the live
preview, briefs kept from one run to the next while their files are unchanged."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefexport.content import reader
from briefexport.content.draft_policy import Drafts
from briefexport.content.model import Author, Brief, Collection
from briefexport.content.references import broken_links, check_links_between
from briefexport.content.summary import authors_of, every_brief
from briefexport.errors import ContentError, Report
from briefexport.project import Project


class Remembered(dict[Path, tuple]):
    """Briefs read before, kept by a caller that reads the same project again and again (the live
    preview, through builder.context.Kept): path -> (digest of the file, the registry entries it
    cites, signatures of its pictures, the brief, the warnings its reading gave). Each brief is given
    again, warnings included, only while its file, those entries and its pictures are unchanged. A
    build passes none: it reads each brief once."""


def _pictures(brief: Brief) -> tuple:
    signatures = []
    for image in brief.images:
        try:
            info = image.path.stat()
        except OSError:
            return ()
        signatures.append((str(image.path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return tuple(signatures)


def _read_brief(
    path: Path, project: Project, authors: dict[str, Author], report: Report, remembered: Remembered | None
) -> Brief:
    if remembered is None:
        return reader.read_brief(path, project, authors, report)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return reader.read_brief(path, project, authors, report)  # which reports it
    kept = remembered.get(path)
    if kept is not None:
        kept_digest, cited, pictures, brief, warnings = kept
        if (
            kept_digest == digest
            and cited == {a: authors.get(a) for a in brief.author_ids}
            and pictures == _pictures(brief)
        ):
            report.diagnostics.extend(warnings)
            return brief
    own = Report()
    try:
        brief = reader.read_brief(path, project, authors, own)
    finally:
        report.diagnostics.extend(own.diagnostics)
    remembered[path] = (
        digest,
        {a: authors.get(a) for a in brief.author_ids},
        _pictures(brief),
        brief,
        list(own.diagnostics),
    )
    return brief


class Briefs(Mapping[str, Brief]):
    """The project's briefs by slug, each read the first time it is asked for, for a build whose
    workers read their own sources. A brief that does not read is absent (`in` says False) and its
    errors go to the report of the read that met it."""

    def __init__(
        self,
        project: Project,
        report: Report,
        extra: Iterable[Path] = (),
        remembered: Remembered | None = None,
    ):
        self.project, self.report, self.remembered = project, report, remembered
        self.paths = {p.stem: p for p in project.briefs()}
        for path in extra:
            self.paths.setdefault(path.stem, path)
        self._read: dict[str, Brief | None] = {}
        self._anchors: dict[str, dict[str, str] | None] = {}
        self._authors: dict[str, Author] | None = None

    def authors(self) -> dict[str, Author]:
        if self._authors is None:
            self._authors = authors_of(self.project, self.report)
        return self._authors

    def read(self, slug: str) -> Brief | None:
        """The brief, its links to other briefs' headings checked; None (errors reported) when broken."""
        if slug not in self._read:
            brief = None
            try:
                brief = _read_brief(
                    self.paths[slug], self.project, self.authors(), self.report, self.remembered
                )
                found = broken_links(brief, self.anchors, self.project)
                self.report.diagnostics.extend(d for d in found if d.severity == "warning")
                if any(d.severity == "error" for d in found):
                    raise ContentError([d for d in found if d.severity == "error"])
            except ContentError as exc:
                self.report.extend(exc)
                brief = None
            self._read[slug] = brief
            self._anchors[slug] = brief.anchors if brief is not None else None
        return self._read[slug]

    def anchors(self, slug: str) -> dict[str, str] | None:
        """A linked brief's ids (read for them alone, its errors left to its own read)."""
        if slug not in self._anchors and slug in self.paths:
            try:
                self._anchors[slug] = reader.read_brief(
                    self.paths[slug], self.project, self.authors(), Report()
                ).anchors
            except ContentError:
                self._anchors[slug] = None
        return self._anchors.get(slug)

    def forget(self) -> None:
        """Drop the briefs read so far (a worker keeps only what links need: heading ids)."""
        self._read.clear()

    def collection(self, path: Path, policy: Drafts) -> Collection | None:
        """A collection and the briefs it names (read here); None, its errors reported, when broken."""
        try:
            return reader.read_collection(path, self.project, self, sorted(self.paths), self.report, policy)
        except ContentError as exc:
            self.report.extend(exc)
            return None

    def __getitem__(self, slug: str) -> Brief:
        brief = self.read(slug) if slug in self.paths else None
        if brief is None:
            raise KeyError(slug)
        return brief

    def __contains__(self, slug) -> bool:
        return slug in self.paths and self.read(slug) is not None

    def __iter__(self):
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


@dataclass
class Content:
    """What the reader made of the sources: good briefs and collections; the rest is in the report."""

    briefs: dict[str, Brief] = field(default_factory=dict)
    collections: list[Collection] = field(default_factory=list)
    selected_briefs: list[str] = field(default_factory=list)
    topics: dict = field(default_factory=dict)  # content/topics.yaml (topics.py), read for the site only
    broken: set[Path] = field(default_factory=set)  # sources that did not read (reported)
    kept: set[Path] = field(default_factory=set)  # of those, the ones given in their last good version


Previous = Callable[[Path], "str | None"]  # a source's last good text, if one was kept


def read_sources(
    project: Project,
    brief_paths: list[Path],
    collection_paths: list[Path],
    report: Report,
    policy: Drafts = Drafts.LEAVE_OUT,
    previous: Previous | None = None,
    remembered: Remembered | None = None,
) -> Content:
    """Read these briefs and collections (and every brief the collections may name); every mistake
    goes to the report, good items still load.

    With `previous`, a source that does not read is given in its last good version when one was
    kept and still reads (silently: its mistakes are reported as they are now), a collection with
    its drafts allowed: for the readers' library, which shows what was published until it is fixed."""
    all_briefs = every_brief(project, brief_paths)
    authors = authors_of(project, report)

    content = Content(selected_briefs=[p.stem for p in brief_paths])
    needed = set(content.selected_briefs)
    if collection_paths:
        needed.update(all_briefs)  # a collection may name any brief (or glob)
    for slug in sorted(needed):
        path = all_briefs.get(slug)
        if path is None:
            continue
        try:
            content.briefs[slug] = _read_brief(path, project, authors, report, remembered)
        except ContentError as exc:
            content.broken.add(path)
            if slug in content.selected_briefs or collection_paths:
                report.extend(exc)
    for slug, found in check_links_between(content.briefs, project).items():
        if any(d.severity == "error" for d in found):  # a link to a missing heading: as broken as any
            content.broken.add(content.briefs.pop(slug).path)
        if slug in content.selected_briefs or collection_paths:
            report.diagnostics.extend(found)
    if previous is not None:
        for path in sorted(content.broken):
            text = previous(path)
            if text is None:
                continue
            with contextlib.suppress(ContentError):
                content.briefs[path.stem] = reader.read_brief(path, project, authors, Report(), text)
                content.kept.add(path)
    for path in collection_paths:
        try:
            content.collections.append(
                reader.read_collection(path, project, content.briefs, sorted(all_briefs), report, policy)
            )
        except ContentError as exc:
            report.extend(exc)
            content.broken.add(path)
            if previous is not None:
                _previous_collection(path, project, content, sorted(all_briefs), previous)
    return content


def _previous_collection(
    path: Path, project: Project, content: Content, known: list[str], previous: Previous
) -> None:
    """A collection that does not read, as it is with its drafts allowed, else its last good text."""
    kept = previous(path)
    for text in [None] if kept is None else [None, kept]:
        try:
            collection = reader.read_collection(
                path, project, content.briefs, known, Report(), Drafts.TAKE_IN, text
            )
        except ContentError:
            continue
        content.collections.append(collection)
        content.kept.add(path)
        return
