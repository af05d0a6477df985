"""build() and check(): read what changed, run the writers, record what was built, report every
problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from briefexport.atomic import write_atomic
from briefexport.build.plan import UsageProblem, classify, in_shard, outputs
from briefexport.build.stopping import StopSignals, Stopped, locked
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
    planned: int = 0  # outputs this run set out to build
    stopped: int | None = None  # the signal that stopped the build, if one did

    @property
    def ok(self) -> bool:
        return not self.report.errors


Progress = Callable[[int, int, str], None]


def read(project: Project, sources: Iterable[str | Path], report: Report, *, for_build: bool = False,
         allow_drafts: bool = False) -> Content:
    """Read everything the sources need; every mistake goes to the report, good items still load."""
    from briefexport.content.reader import read_sources  # pydantic and markdown-it: only when reading

    return read_sources(project, *classify(project, sources), report, for_build=for_build, allow_drafts=allow_drafts)


def check(project: Project, sources: Iterable[str | Path] = (), allow_drafts: bool = False) -> Report:
    report = Report()
    read(project, sources, report, allow_drafts=allow_drafts)
    return report


def build(project: Project, sources: Iterable[str | Path] = (), formats: Iterable[str] | None = None,
          out: Path | None = None, progress: Progress | None = None, jobs: int | None = None,
          force: bool = False, allow_drafts: bool = False, stop_signals: bool = False,
          shard: tuple[int, int] | None = None) -> Result:
    """Build what changed since the last build (everything with `force`), on `jobs` processes.

    With `shard=(K, N)` only shard K of N of the sources is built (plan.in_shard: by slug), and
    recorded in a manifest of the shard's own, so N output folders merge without overlap.

    With `stop_signals`, SIGINT, SIGTERM and SIGHUP stop the build: its workers are killed, what
    was finished is recorded, and the result says which signal stopped it (`Result.stopped`).
    Raises Busy when another build holds the output folder."""
    formats = list(formats or default_formats(project))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageProblem(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    out = (out or project.root / "build").resolve()
    brief_paths, collection_paths = classify(project, sources)
    result = Result(Report())
    for note in unbuildable(project, sources, brief_paths, collection_paths, formats, out):
        result.report.add(note)
    if shard is not None:  # a collection's books stay books of a collection in every shard
        one_brief_books = not collection_paths
        brief_paths = [p for p in brief_paths if in_shard(p, shard)]
        collection_paths = [p for p in collection_paths if in_shard(p, shard)]
        if not one_brief_books and not collection_paths:
            formats = [f for f in formats if FORMATS[f].makes == "brief"]
        if not brief_paths and not collection_paths:
            return result  # a shard with nothing to do is not a mistake
    with locked(out), StopSignals(stop_signals) as stop:
        try:
            _build(project, brief_paths, collection_paths, formats, out, result, progress, jobs, force,
                   allow_drafts, stop, shard)
        except Stopped as exc:
            result.stopped = exc.signum
    return result


def unbuildable(project: Project, sources, brief_paths: list[Path], collection_paths: list[Path],
                formats: list[str], out: Path) -> list[Diagnostic]:
    """A warning for each named source that none of the asked formats makes anything of; a usage
    problem when nothing at all can be built."""
    made = set(outputs(brief_paths, collection_paths, formats, out).values())
    named = {Path(source).resolve() for source in sources}  # a folder's contents are not asked for one by one
    books = [name for name, fmt in FORMATS.items() if fmt.makes == "book"]
    per_brief = [name for name, fmt in FORMATS.items() if fmt.makes == "brief"]
    notes = [Diagnostic(project.display(path), 0, 0, f"collections make {'/'.join(b.upper() for b in books)} only; "
                        f"use --format {','.join(books)}, or name the briefs", severity="warning")
             for path in collection_paths if path not in made]
    notes += [Diagnostic(project.display(path), 0, 0, f"--format {','.join(formats)} makes books of the collections "
                         f"named with this brief, nothing of the brief itself; name it alone for a book of its own, "
                         f"or add --format {','.join(per_brief)}", severity="warning")
              for path in brief_paths if path not in made]
    if not made:
        if not brief_paths and not collection_paths:
            raise UsageProblem("nothing to build: " + ("the named folders hold no briefs or collections" if sources
                                                        else "content/ has no briefs or collections"))
        raise UsageProblem("nothing to build" + "".join(f"; {n.path}: {n.message}" for n in notes))
    return [note for note in notes if (project.root / note.path).resolve() in named]


def _build(project: Project, brief_paths: list[Path], collection_paths: list[Path], formats: list[str],
           out: Path, result: Result, progress: Progress | None, jobs: int | None, force: bool,
           allow_drafts: bool, stop: StopSignals, shard: tuple[int, int] | None = None) -> None:
    from briefexport.build.incremental import Manifest
    from briefexport.build.runner import default_workers, run_all
    from briefexport.build.tasks import Run

    manifest = Manifest(out, project, shard)
    expected = outputs(brief_paths, collection_paths, formats, out)
    if not force:
        # Outputs none of whose input files changed are left alone without reading their sources:
        # a no-op build parses nothing, and an edit to one brief parses that brief (and, when a
        # collection contains it, the collection's briefs), not the whole archive.
        # A book built with --allow-drafts is read again without it, so its drafts are reported.
        stale = {dest for dest in expected if manifest.stale(dest) or (not allow_drafts and manifest.has_drafts(dest))}
        sources_of_stale = {expected[dest] for dest in stale}
        # the outputs of a source that is read are decided by their keys, in the worker that reads it
        result.skipped = [dest for dest, source in expected.items() if source not in sources_of_stale]
        if not stale:
            return
        expected = {dest: source for dest, source in expected.items() if source in sources_of_stale}
    work = tasks_of(expected, set(collection_paths))
    result.planned = len(expected)
    run = Run(project, out, force, allow_drafts, {name: entry.get("key") for name, entry in manifest.entries.items()},
              manifest.hasher, tuple(p for p in brief_paths if p.parent != project.briefs_dir))
    files: dict = {}
    restamped = False
    seen: set = set()
    try:
        for outcome in run_all(work, run, jobs or default_workers(), progress, stop, files):
            fresh = [d for d in outcome.diagnostics if d not in seen]  # a brief read for two tasks reports once
            seen.update(fresh)
            result.report.diagnostics.extend(fresh)
            if outcome.fresh:
                # Its files changed but not what it is made from (another author's bio, the brand's
                # print settings for a screen output): record the new stamp, so the next build needs
                # no reading to see it unchanged.
                result.skipped.append(outcome.dest)
                result.planned -= 1
                restamped |= manifest.restamp(outcome.dest, outcome.key)
            elif outcome.ok:
                result.built.append(outcome.dest)
                manifest.record(outcome.dest, outcome.key, drafts=outcome.drafts)
            else:
                manifest.forget(outcome.dest)
    finally:  # also when stopped: what was finished is in place, and recorded
        if result.built or restamped or result.planned:
            manifest.hasher.settled.update(files)  # what the workers hashed
            try:
                write_atomic(manifest.path, manifest.data())
            except OSError as exc:  # outputs are in place; the next build just rebuilds more
                result.report.add(Diagnostic(project.display(manifest.path), 0, 0,
                                             f"could not record what was built: {exc.strerror or exc}"))


def tasks_of(expected: dict[Path, Path], collections: set[Path]) -> list:
    """One task per source: its outputs together, so a brief is read once for all its formats."""
    from briefexport.build.tasks import Task

    by_source: dict[Path, list] = {}
    for dest, source in expected.items():
        by_source.setdefault(source, []).append((dest.parent.name, dest))
    return [Task(source, [(_format_of(folder), dest) for folder, dest in made], book=source in collections)
            for source, made in by_source.items()]


def _format_of(folder: str) -> str:
    return next(name for name, fmt in FORMATS.items() if fmt.folder == folder)
