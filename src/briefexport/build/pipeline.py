"""build() and check(): read what changed, run the writers, record what was built, report every
problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from briefexport.atomic import write_atomic
from briefexport.build.plan import UsageProblem, classify, outputs, plan
from briefexport.errors import Diagnostic, Report
from briefexport.project import Project
from briefexport.writers import FORMATS, default_formats

if TYPE_CHECKING:
    from briefexport.content.reader import Content


@dataclass
class Result:
    report: Report
    built: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report.errors


Progress = Callable[[int, int, str], None]


def read(project: Project, sources: Iterable[str | Path], report: Report) -> Content:
    """Read everything the sources need; every mistake goes to the report, good items still load."""
    from briefexport.content.reader import read_sources  # pydantic and markdown-it: only when reading

    return read_sources(project, *classify(project, sources), report)


def check(project: Project, sources: Iterable[str | Path] = ()) -> Report:
    report = Report()
    read(project, sources, report)
    return report


def build(project: Project, sources: Iterable[str | Path] = (), formats: Iterable[str] | None = None,
          out: Path | None = None, progress: Progress | None = None, jobs: int | None = None,
          force: bool = False) -> Result:
    """Build what changed since the last build (everything with `force`), on `jobs` processes."""
    from briefexport.build.incremental import Keys, Manifest
    from briefexport.build.runner import default_workers, run_all

    formats = list(formats or default_formats(project))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageProblem(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    out = (out or project.root / "build").resolve()
    result = Result(Report())
    manifest = Manifest(out, project)
    brief_paths, collection_paths = classify(project, sources)
    to_read = brief_paths, collection_paths
    if not force:
        # Outputs none of whose input files changed are left alone without reading their sources:
        # a no-op build parses nothing, and an edit to one brief parses that brief (and, when a
        # collection contains it, the collection's briefs), not the whole archive.
        expected = outputs(brief_paths, collection_paths, formats, out)
        stale = [dest for dest in expected if manifest.stale(dest)]
        sources_of_stale = {expected[dest] for dest in stale}
        # the outputs of a source that is read are decided by their keys, below
        result.skipped = [dest for dest, source in expected.items() if source not in sources_of_stale]
        if not stale:
            return result
        to_read = ([p for p in brief_paths if p in sources_of_stale],
                   [p for p in collection_paths if p in sources_of_stale])
    from briefexport.content.reader import read_sources

    content = read_sources(project, *to_read, result.report)
    planned = plan(content, formats, out, one_brief_books=not collection_paths)

    keys = Keys(project, manifest.hasher)
    todo, restamped = [], False
    for job in planned:
        job.key = keys.key(job.format, FORMATS[job.format].layout_dir, job.item, out)
        if not force and manifest.fresh(job.dest, job.key):
            result.skipped.append(job.dest)
            # Its files changed but not what it is made from (another author's bio, the brand's
            # print settings for a screen output): record the new stamp, so the next build needs
            # no reading to see it unchanged.
            restamped |= manifest.restamp(job.dest, job.key)
        else:
            todo.append(job)

    by_dest = {job.dest: job for job in todo}
    for outcome in run_all(todo, project, jobs or default_workers(), progress):
        result.report.diagnostics.extend(outcome.diagnostics)
        if outcome.ok:
            result.built.append(outcome.dest)
            manifest.record(outcome.dest, by_dest[outcome.dest].key)
        else:
            manifest.forget(outcome.dest)
    if todo or restamped:
        try:
            write_atomic(manifest.path, manifest.data(keys.hasher))
        except OSError as exc:  # outputs are in place; the next build just rebuilds more
            result.report.add(Diagnostic(project.display(manifest.path), 0, 0,
                                         f"could not record what was built: {exc.strerror or exc}"))
    return result
