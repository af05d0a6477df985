"""build(): read what changed, run the writers, record what was built, report every
problem."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from briefexport.builder.context import Kept, RunContext
from briefexport.builder.options import Asked, Options
from briefexport.builder.outdir import resolved, writing_into
from briefexport.builder.plan import (
    UsageProblem,
    asked,
    classify,
    in_shard,
    outputs,
    unbuildable,
    whole_project,
    with_uses,
    without_one_brief_books,
)
from briefexport.builder.stopping import Stopped, StopSignals
from briefexport.content.draft_policy import Drafts
from briefexport.errors import Report
from briefexport.project import Project
from briefexport.writers import FORMATS
from briefexport.writers.shared.brand_file import BrandFile

if TYPE_CHECKING:
    from briefexport.builder.manifest import Manifest
    from briefexport.content.sources import Content


@dataclass
class Result:
    report: Report
    built: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)  # outputs not built (errors in the report)
    removed: list[tuple[str, str]] = field(default_factory=list)  # outputs removed (under out/), and why
    planned: int = 0  # outputs this run set out to build
    stopped: int | None = None  # the signal that stopped the build, if one did

    @property
    def ok(self) -> bool:
        return not self.report.errors


def read(
    project: Project, sources: Iterable[str | Path], report: Report, drafts: Drafts = Drafts.LEAVE_OUT
) -> Content:
    """Read everything the sources need; every mistake goes to the report, good items still load."""
    from briefexport.content.sources import read_sources  # pydantic and markdown-it: only when reading

    return read_sources(project, *classify(project, sources), report, drafts)


def build(
    project: Project,
    sources: Iterable[str | Path] = (),
    formats: Iterable[str] | None = None,
    out: Path | None = None,
    *,
    kept: Kept | None = None,
    **asked: Unpack[Asked],
) -> Result:
    """Build what changed since the last build (everything with `force`), on `jobs` processes: the
    library's way to call `run_build`, with Options' fields as keywords (builder/options.py).
    `kept`: what a caller that builds again and again keeps between its runs (builder/context.py)."""
    return run_build(project, sources, Options(tuple(formats or ()), out, **asked), kept)


def run_build(
    project: Project, sources: Iterable[str | Path], options: Options, kept: Kept | None = None
) -> Result:
    """Build what changed since the last build (everything with `options.force`).

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
    shard = options.shard
    brand = BrandFile.read(project)  # once for the run: planning, keys and the layout read this one
    # Named sources (and shards) build their own outputs; the site, the whole project's, only when asked.
    formats = asked(brand, options.formats, bool(sources or shard))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageProblem(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if shard is not None and any(FORMATS[f].makes == "pages" for f in formats):
        raise UsageProblem(
            "--shard builds a share of the briefs; build the site (--format site) where the "
            "shards' output folders are merged"
        )
    if options.uses:
        formats = with_uses(formats)
    shown_out = str(options.out) if options.out else project.display(project.root / "build")
    out = resolved(options.out or project.root / "build")
    brief_paths, collection_paths = classify(project, sources)
    formats = without_one_brief_books(formats, bool(options.formats), sources, collection_paths)
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
    with writing_into(out, shown_out, options.on_busy), StopSignals(options.stop_signals) as stop:
        from briefexport.builder.manifest import Manifest

        manifest = Manifest(out, project, shard)
        assert manifest.hasher is not None  # a manifest of a project has one
        context = RunContext(
            project,
            options,
            out,
            {name: entry["key"] for name, entry in manifest.entries.items() if entry.get("key")},
            manifest.hasher,
            brand,
            tuple(p for p in brief_paths if p.parent != project.briefs_dir),
            kept,
        )
        try:
            paths = (brief_paths, collection_paths)
            _build(context, manifest, paths, formats, result, stop, full=not sources and shard is None)
        except Stopped as exc:
            result.stopped = exc.signum
    return result


def _build(
    context: RunContext,
    manifest: Manifest,
    paths: tuple[list[Path], list[Path]],
    formats: list[str],
    result: Result,
    stop: StopSignals,
    full: bool,
) -> None:
    from briefexport.builder.outcomes import Runs
    from briefexport.builder.site_pages import SitePages
    from briefexport.builder.tasks import tasks_of
    from briefexport.builder.withdrawn import withdraw

    project, out, force = context.project, context.out, context.options.force
    brief_paths, collection_paths = paths
    if full:  # only a build of the whole project knows a source is gone, not withdrawn from it
        result.removed = withdraw(project, manifest, out)
    whole = whole_project(formats)
    every = (project.briefs(), project.collections()) if whole else (brief_paths, collection_paths)
    named = [f for f in formats if f not in whole]
    wide = [f for f in formats if f in whole and FORMATS[f].makes != "pages"]
    paged = {out / FORMATS[f].folder: f for f in formats if FORMATS[f].makes == "pages"}

    expected = dict(outputs(brief_paths, collection_paths, named, out))
    expected.update(outputs(*every, wide, out))
    stale = set(expected) | set(paged)
    if not force:
        taken_in = context.options.drafts
        # Outputs none of whose input files changed are left alone without reading their sources:
        # a no-op build parses nothing, and an edit to one brief parses that brief (and, when a
        # collection contains it, the collection's briefs), not the whole archive. A book built
        # with --allow-drafts is read again without it, so its drafts are reported.
        stale = {
            dest
            for dest in [*expected, *paged]
            if manifest.stale(dest) or (taken_in is Drafts.LEAVE_OUT and manifest.has_drafts(dest))
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
        expected = {dest: source for dest, source in expected.items() if source in sources_of_stale}
    if not (stale or result.removed):
        return
    books = set(collection_paths) | set(every[1])
    runs = Runs(context, manifest, result, stop)
    try:
        # the pages' formats read the project first, so every output is counted before the first is made
        sites = [
            SitePages(runs, folder, name, every, expected)
            for folder, name in paged.items()
            if folder in stale
        ]
        runs.numbering.plan(len(expected) + sum(len(site.planned) for site in sites))
        if stale:
            runs.tasks(tasks_of(expected, books))
        for site in sites:
            site.build()
    finally:  # also when stopped: what was finished is in place, and recorded
        runs.record()
