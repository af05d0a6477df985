"""build() and check(): read what changed, run the writers, record what was built, report every
problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from briefexport.atomic import write_atomic
from briefexport.build.plan import UsageProblem, classify, outputs, pages, plan, shown, whole_project, with_uses
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
          force: bool = False, allow_drafts: bool = False, stop_signals: bool = False, uses: bool = True) -> Result:
    """Build what changed since the last build (everything with `force`), on `jobs` processes.

    A format that makes pages (the site) is built from the whole project, after the formats whose
    outputs it reads; `uses=False` leaves those out and takes their outputs as they are (the live
    preview shows an edited page first and its PDF after).

    With `stop_signals`, SIGINT, SIGTERM and SIGHUP stop the build: its workers are killed, what
    was finished is recorded, and the result says which signal stopped it (`Result.stopped`).
    Raises Busy when another build holds the output folder."""
    sources = list(sources)
    # Named sources build their own outputs; the site, which is the whole project's, only when asked.
    formats = list(formats or [name for name in default_formats(project)
                               if not (sources and FORMATS[name].makes == "pages")])
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageProblem(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if uses:
        formats = with_uses(formats)
    out = (out or project.root / "build").resolve()
    brief_paths, collection_paths = classify(project, sources)
    result = Result(Report())
    for note in unbuildable(project, sources, brief_paths, collection_paths, formats, out):
        result.report.add(note)
    with locked(out), StopSignals(stop_signals) as stop:
        try:
            _build(project, brief_paths, collection_paths, formats, out, result, progress, jobs, force,
                   allow_drafts, stop)
        except Stopped as exc:
            result.stopped = exc.signum
    return result


def unbuildable(project: Project, sources, brief_paths: list[Path], collection_paths: list[Path],
                formats: list[str], out: Path) -> list[Diagnostic]:
    """A warning for each named source that none of the asked formats makes anything of; a usage
    problem when nothing at all can be built."""
    made = set(outputs(brief_paths, collection_paths, formats, out).values())
    if any(FORMATS[name].makes == "pages" for name in formats) and (project.briefs() or project.collections()):
        made.update(brief_paths + collection_paths)  # the site is made of every brief and collection
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
           allow_drafts: bool, stop: StopSignals) -> None:
    from briefexport.build.incremental import Keys, Manifest
    from briefexport.build.runner import default_workers, layout_for, new_build, run_all

    manifest = Manifest(out, project)
    whole = whole_project(formats)
    every = (project.briefs(), project.collections()) if whole else (brief_paths, collection_paths)
    named = [f for f in formats if f not in whole]
    wide = [f for f in formats if f in whole and FORMATS[f].makes != "pages"]
    paged = {out / FORMATS[f].folder: f for f in formats if FORMATS[f].makes == "pages"}

    expected = {dest: (source,) for dest, source in outputs(brief_paths, collection_paths, named, out).items()}
    expected.update((dest, (source,)) for dest, source in outputs(*every, wide, out).items())
    for folder in paged:  # which pages a site has is known once its sources are read
        expected[folder] = (*every[0], *every[1])
    books = any(FORMATS[name].makes in ("book", "pages") for name in formats)
    to_read = (list(dict.fromkeys([*brief_paths, *every[0]])),  # a collection no asked format makes is not read
               list(dict.fromkeys([*collection_paths, *every[1]])) if books else [])
    stale = set(expected)
    if not force:
        # Outputs none of whose input files changed are left alone without reading their sources:
        # a no-op build parses nothing, and an edit to one brief parses that brief (and, when a
        # collection contains it, the collection's briefs), not the whole archive. A book built
        # with --allow-drafts is read again without it, so its drafts are reported.
        stale = {dest for dest in expected
                 if manifest.stale(dest) or (not allow_drafts and manifest.has_drafts(dest))}
        for folder, name in paged.items():  # pages that show other outputs are stale with them
            used = {out / FORMATS[u].folder for u in FORMATS[name].shows if u in FORMATS}
            if any(dest.parent in used for dest in stale):
                stale.add(folder)
        sources_of_stale = {source for dest in stale for source in expected[dest]}
        # the outputs of a source that is read are decided by their keys, below
        for dest, made_from in expected.items():
            if not sources_of_stale.intersection(made_from):
                result.skipped += manifest.recorded(dest) if dest in paged else [dest]
        if not stale:
            return
        to_read = tuple([p for p in paths if p in sources_of_stale] for paths in to_read)
    from briefexport.content.reader import read_sources

    with stop.interruptible():
        content = read_sources(project, *to_read, result.report, for_build=True, allow_drafts=allow_drafts)
    new_build()
    keys = Keys(project, manifest.hasher)
    workers = jobs or default_workers()
    changed = False

    def run(planned: list) -> bool:
        """Run the jobs whose key changed; whether every one of them succeeded. Progress is
        numbered across the whole build: pages follow the outputs they show."""
        nonlocal changed
        todo = []
        with stop.interruptible():
            for job in planned:
                job.key = keys.key(job.format, FORMATS[job.format].layout_dir, job.item, out)
                if not force and manifest.fresh(job.dest, job.key):
                    result.skipped.append(job.dest)
                    # Its files changed but not what it is made from (another author's bio, the
                    # brand's print settings for a screen output): record the new stamp, so the
                    # next build needs no reading to see it unchanged.
                    changed |= manifest.restamp(job.dest, job.key)
                else:
                    todo.append(job)
        changed = changed or bool(todo)
        before = result.planned
        result.planned += len(todo)
        numbered = (lambda done, total, label: progress(before + done, before + total, label)) if progress else None
        by_dest = {job.dest: job for job in todo}
        ok = True
        for outcome in run_all(todo, project, workers, numbered, stop):
            result.report.diagnostics.extend(outcome.diagnostics)
            if outcome.ok:
                result.built.append(outcome.dest)
                item = by_dest[outcome.dest].item
                manifest.record(outcome.dest, by_dest[outcome.dest].key,
                                drafts=any(b.is_draft for b in getattr(item, "briefs", ())))
            else:
                ok = False
                manifest.forget(outcome.dest)
        keys.hasher.forget(by_dest)  # written just now: pages may read them next
        return ok

    try:
        run(plan(content, named, out, one_brief_books=not collection_paths, briefs=brief_paths,
                 collections=collection_paths)
            + plan(content, wide, out, one_brief_books=not every[1]))
        for folder, name in paged.items():
            if folder not in stale:
                continue
            # Only a site made from every brief and collection may list pages or drop old ones; while
            # a source is broken, the pages of the good briefs are still brought up to date.
            complete = {p.stem for p in every[0]} <= set(content.briefs) and len(content.collections) == len(every[1])
            planned = pages(content, layout_for(project), name, out, complete)
            if run(planned) and complete:
                made = {job.dest for job in planned}
                for dest in manifest.recorded(folder):
                    if dest not in made:  # a brief removed, or back to draft
                        remove_output(dest, folder)
                        manifest.forget(dest)
                sources = [*every[0], *every[1], *shown(name, *every, out)]  # and which downloads exist
                manifest.record(folder, keys.pages(name, FORMATS[name].layout_dir, sources, out, made))
                changed = True
    finally:  # also when stopped: what was finished is in place, and recorded
        if changed:
            try:
                write_atomic(manifest.path, manifest.data(keys.hasher))
            except OSError as exc:  # outputs are in place; the next build just rebuilds more
                result.report.add(Diagnostic(project.display(manifest.path), 0, 0,
                                             f"could not record what was built: {exc.strerror or exc}"))


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
