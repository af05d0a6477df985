"""build(): read what changed, run the writers, record what was built, report every
problem."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefexport.atomic import write_atomic
from briefexport.builder.outdir import resolved, writing_into
from briefexport.builder.plan import (
    UsageProblem,
    classify,
    in_shard,
    outputs,
    pages,
    shown,
    unbuildable,
    whole_project,
    with_uses,
)
from briefexport.builder.stopping import Busy, Stopped, StopSignals
from briefexport.errors import Diagnostic, Report
from briefexport.project import Project
from briefexport.writers import FORMATS, default_formats

if TYPE_CHECKING:
    from briefexport.content.sources import Content


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


def read(
    project: Project,
    sources: Iterable[str | Path],
    report: Report,
    *,
    for_build: bool = False,
    allow_drafts: bool = False,
) -> Content:
    """Read everything the sources need; every mistake goes to the report, good items still load."""
    from briefexport.content.sources import read_sources  # pydantic and markdown-it: only when reading

    return read_sources(
        project, *classify(project, sources), report, for_build=for_build, allow_drafts=allow_drafts
    )


def build(
    project: Project,
    sources: Iterable[str | Path] = (),
    formats: Iterable[str] | None = None,
    out: Path | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    force: bool = False,
    allow_drafts: bool = False,
    stop_signals: bool = False,
    uses: bool = True,
    shard: tuple[int, int] | None = None,
    on_busy: Callable[[Busy], None] | None = None,
) -> Result:
    """Build what changed since the last build (everything with `force`), on `jobs` processes.

    A format that makes pages (the site) is built from the whole project, after the formats whose
    outputs it reads; `uses=False` leaves those out and takes their outputs as they are (the live
    preview shows an edited page first and its PDF after).

    With `shard=(K, N)` only shard K of N of the sources is built (plan.in_shard: by slug), and
    recorded in a manifest of the shard's own, so N output folders merge without overlap; the site,
    which shows every shard's outputs, is left to a build of the merged folder.

    With `stop_signals`, SIGINT, SIGTERM and SIGHUP stop the build: its workers are killed, what
    was finished is recorded, and the result says which signal stopped it (`Result.stopped`).
    Raises Busy when another build holds the output folder; with `on_busy`, calls it once and
    waits for that build instead. An output folder that cannot be one is a UsageProblem."""
    sources = list(sources)
    # Named sources (and shards) build their own outputs; the site, the whole project's, only when asked.
    formats = list(
        formats
        or [
            name
            for name in default_formats(project)
            if not ((sources or shard) and FORMATS[name].makes == "pages")
        ]
    )
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageProblem(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if shard is not None and any(FORMATS[f].makes == "pages" for f in formats):
        raise UsageProblem(
            "--shard builds a share of the briefs; build the site (--format site) where the "
            "shards' output folders are merged"
        )
    if uses:
        formats = with_uses(formats)
    shown_out = str(out) if out else project.display(project.root / "build")
    out = resolved(out or project.root / "build")
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
    with writing_into(out, shown_out, on_busy), StopSignals(stop_signals) as stop:
        try:
            _build(
                project,
                brief_paths,
                collection_paths,
                formats,
                out,
                result,
                progress,
                jobs,
                force,
                allow_drafts,
                stop,
                shard,
            )
        except Stopped as exc:
            result.stopped = exc.signum
    return result


def _build(
    project: Project,
    brief_paths: list[Path],
    collection_paths: list[Path],
    formats: list[str],
    out: Path,
    result: Result,
    progress: Progress | None,
    jobs: int | None,
    force: bool,
    allow_drafts: bool,
    stop: StopSignals,
    shard: tuple[int, int] | None = None,
) -> None:
    from briefexport.builder.manifest import Manifest
    from briefexport.builder.tasks import tasks_of

    manifest = Manifest(out, project, shard)
    whole = whole_project(formats)
    every = (project.briefs(), project.collections()) if whole else (brief_paths, collection_paths)
    named = [f for f in formats if f not in whole]
    wide = [f for f in formats if f in whole and FORMATS[f].makes != "pages"]
    paged = {out / FORMATS[f].folder: f for f in formats if FORMATS[f].makes == "pages"}

    expected = dict(outputs(brief_paths, collection_paths, named, out))
    expected.update(outputs(*every, wide, out))
    stale = set(expected) | set(paged)
    if not force:
        # Outputs none of whose input files changed are left alone without reading their sources:
        # a no-op build parses nothing, and an edit to one brief parses that brief (and, when a
        # collection contains it, the collection's briefs), not the whole archive. A book built
        # with --allow-drafts is read again without it, so its drafts are reported.
        stale = {
            dest
            for dest in [*expected, *paged]
            if manifest.stale(dest) or (not allow_drafts and manifest.has_drafts(dest))
        }
        for folder, name in paged.items():  # pages that show other outputs are stale with them
            used = {out / FORMATS[u].folder for u in FORMATS[name].shows if u in FORMATS}
            if any(dest.parent in used for dest in stale):
                stale.add(folder)
        sources_of_stale = {expected[dest] for dest in stale if dest in expected}
        # the outputs of a source that is read are decided by their keys, in the worker that reads it
        result.skipped = [dest for dest, source in expected.items() if source not in sources_of_stale]
        result.skipped += [
            page for folder in paged if folder not in stale for page in manifest.recorded(folder)
        ]
        if not stale:
            return
        expected = {dest: source for dest, source in expected.items() if source in sources_of_stale}
    books = set(collection_paths) | set(every[1])
    run = _Run(project, out, manifest, result, progress, jobs, force, allow_drafts, stop, brief_paths)
    try:
        run.tasks(tasks_of(expected, books))
        for folder, name in paged.items():
            if folder in stale:
                _pages(run, folder, name, every)
    finally:  # also when stopped: what was finished is in place, and recorded
        run.record()


class _Run:
    """One build's runs of tasks against its manifest: outcomes recorded, progress numbered across
    them (a site's pages follow the outputs they show)."""

    def __init__(
        self, project, out, manifest, result, progress, jobs, force, allow_drafts, stop, brief_paths
    ):
        from briefexport.builder.runner import default_workers
        from briefexport.builder.tasks import Run

        self.project, self.manifest, self.result, self.progress, self.stop = (
            project,
            manifest,
            result,
            progress,
            stop,
        )
        self.workers = jobs or default_workers()
        self.shared = Run(
            project,
            out,
            force,
            allow_drafts,
            {name: entry.get("key") for name, entry in manifest.entries.items()},
            manifest.hasher,
            tuple(p for p in brief_paths if p.parent != project.briefs_dir),
        )
        self.files: dict = {}
        self.changed = False
        self.seen: set = set()

    def tasks(self, work: list) -> bool:
        """Run the tasks; whether every output of them is in place."""
        from briefexport.builder.runner import run_all

        result, before = self.result, self.result.planned
        result.planned += sum(len(task.outputs) for task in work)
        progress = self.progress
        numbered = (
            (lambda done, total, label: progress(before + done, before + total, label)) if progress else None
        )
        ok = True
        for outcome in run_all(work, self.shared, self.workers, numbered, self.stop, self.files):
            fresh = [
                d for d in outcome.diagnostics if d not in self.seen
            ]  # a brief read for two tasks reports once
            self.seen.update(fresh)
            result.report.diagnostics.extend(fresh)
            if outcome.fresh:
                # Its files changed but not what it is made from (another author's bio, the brand's
                # print settings for a screen output): record the new stamp, so the next build needs
                # no reading to see it unchanged.
                result.skipped.append(outcome.dest)
                result.planned -= 1
                self.changed |= self.manifest.restamp(outcome.dest, outcome.key)
            elif outcome.ok:
                result.built.append(outcome.dest)
                self.manifest.record(outcome.dest, outcome.key, drafts=outcome.drafts)
                self.changed = True
            else:
                ok = False
                self.manifest.forget(outcome.dest)
                self.changed = True
        self.manifest.hasher.forget(result.built)  # written just now: pages may read them next
        return ok

    def record(self) -> None:
        if not (self.changed or self.result.planned):
            return
        self.manifest.hasher.settled.update(self.files)  # what the workers hashed
        try:
            write_atomic(self.manifest.path, self.manifest.data())
        except OSError as exc:  # outputs are in place; the next build just rebuilds more
            self.result.report.add(
                Diagnostic(
                    self.project.display(self.manifest.path),
                    0,
                    0,
                    f"could not record what was built: {exc.strerror or exc}",
                )
            )


def _pages(run: _Run, folder: Path, name: str, every: tuple[list[Path], list[Path]]) -> None:
    """A format that makes pages, from the whole project read here (its outputs are built)."""
    from briefexport.builder.keys import Keys
    from briefexport.builder.tasks import Task, layout_for
    from briefexport.content.sources import read_sources
    from briefexport.content.topics import topics_of

    out, manifest = run.shared.out, run.manifest
    report = Report()  # the briefs' own mistakes were reported by the tasks that read them
    with run.stop.interruptible():
        content = read_sources(
            run.project, *every, report, for_build=True, allow_drafts=run.shared.allow_drafts
        )
        content.topics = topics_of(run.project, report)
    run.result.report.diagnostics.extend(d for d in report.diagnostics if d not in run.seen)
    # Only a site made from every brief and collection may list pages or drop old ones; while a
    # source is broken, the pages of the good briefs are still brought up to date.
    complete = {p.stem for p in every[0]} <= set(content.briefs) and len(content.collections) == len(every[1])
    planned = pages(content, layout_for(run.project), name, out, complete)
    ok = (
        run.tasks([Task(folder, [(job.format, job.dest)], jobs=[job]) for job in planned])
        if planned
        else True
    )
    if ok and complete:
        finish = getattr(FORMATS[name].writer(), "finish", None)
        if finish is not None:  # the site's search index, made from its pages
            with run.stop.interruptible():
                run.result.report.diagnostics.extend(finish(folder, out, layout_for(run.project)))
        made = {job.dest for job in planned}
        for dest in manifest.recorded(folder):
            if dest not in made:  # a brief removed, or back to draft
                remove_output(dest, folder)
                manifest.forget(dest)
        # and the topics registry, and which downloads exist
        sources = [*every[0], *every[1], run.project.topics_file, *shown(name, *every, out)]
        manifest.record(
            folder,
            Keys(run.project, manifest.hasher).pages(name, FORMATS[name].layout_dir, sources, out, made),
        )
        run.changed = True


def remove_output(dest: Path, folder: Path) -> None:
    """Delete an output no longer made, and the folders it leaves empty (up to `folder`)."""
    dest.unlink(missing_ok=True)
    parent = dest.parent
    while parent != folder and folder in parent.parents:
        try:
            parent.rmdir()
        except OSError:  # not empty
            break
        parent = parent.parent
