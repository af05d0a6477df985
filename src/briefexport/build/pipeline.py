"""build() and check(): read what changed, run the writers, record what was built, report every
problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from briefexport.atomic import write_atomic
from briefexport.build.plan import UsageProblem, classify, outputs, pages, plan, shown, whole_project, with_uses
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
          force: bool = False, uses: bool = True) -> Result:
    """Build what changed since the last build (everything with `force`), on `jobs` processes.

    A format that makes pages (the site) is built from the whole project, after the formats whose
    outputs it reads; `uses=False` leaves those out and takes their outputs as they are (the live
    preview shows an edited page first and its PDF after)."""
    from briefexport.build.incremental import Keys, Manifest
    from briefexport.build.runner import default_workers, layout_for, new_build, run_all

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
    result = Result(Report())
    manifest = Manifest(out, project)
    brief_paths, collection_paths = classify(project, sources)
    whole = whole_project(formats)
    every = (project.briefs(), project.collections()) if whole else (brief_paths, collection_paths)
    named = [f for f in formats if f not in whole]
    wide = [f for f in formats if f in whole and FORMATS[f].makes != "pages"]
    paged = {out / FORMATS[f].folder: f for f in formats if FORMATS[f].makes == "pages"}

    expected = {dest: (source,) for dest, source in outputs(brief_paths, collection_paths, named, out).items()}
    expected.update((dest, (source,)) for dest, source in outputs(*every, wide, out).items())
    for folder in paged:  # which pages a site has is known once its sources are read
        expected[folder] = (*every[0], *every[1])
    to_read = (list(dict.fromkeys([*brief_paths, *every[0]])), list(dict.fromkeys([*collection_paths, *every[1]])))
    stale = set(expected)
    if not force:
        # Outputs none of whose input files changed are left alone without reading their sources:
        # a no-op build parses nothing, and an edit to one brief parses that brief (and, when a
        # collection contains it, the collection's briefs), not the whole archive.
        stale = {dest for dest in expected if manifest.stale(dest)}
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
            return result
        to_read = tuple([p for p in paths if p in sources_of_stale] for paths in to_read)
    from briefexport.content.reader import read_sources

    content = read_sources(project, *to_read, result.report)
    new_build()
    keys = Keys(project, manifest.hasher)
    workers = jobs or default_workers()
    changed = False

    def run(planned: list) -> bool:
        """Run the jobs whose key changed; whether every one of them succeeded."""
        nonlocal changed
        todo = []
        for job in planned:
            job.key = keys.key(job.format, FORMATS[job.format].layout_dir, job.item, out)
            if not force and manifest.fresh(job.dest, job.key):
                result.skipped.append(job.dest)
                # Its files changed but not what it is made from (another author's bio, the brand's
                # print settings for a screen output): record the new stamp, so the next build needs
                # no reading to see it unchanged.
                changed |= manifest.restamp(job.dest, job.key)
            else:
                todo.append(job)
        changed = changed or bool(todo)
        by_dest = {job.dest: job for job in todo}
        ok = True
        for outcome in run_all(todo, project, workers, progress):
            result.report.diagnostics.extend(outcome.diagnostics)
            if outcome.ok:
                result.built.append(outcome.dest)
                manifest.record(outcome.dest, by_dest[outcome.dest].key)
            else:
                ok = False
                manifest.forget(outcome.dest)
        keys.hasher.forget(by_dest)  # written just now: pages may read them next
        return ok

    run(plan(content, named, out, one_brief_books=not collection_paths, briefs=brief_paths,
             collections=collection_paths)
        + plan(content, wide, out, one_brief_books=not every[1]))
    for folder, name in paged.items():
        if folder not in stale:
            continue
        # Only a site made from every brief and collection may list pages or drop old ones; while a
        # source is broken, the pages of the good briefs are still brought up to date.
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
    if changed:
        try:
            write_atomic(manifest.path, manifest.data(keys.hasher))
        except OSError as exc:  # outputs are in place; the next build just rebuilds more
            result.report.add(Diagnostic(project.display(manifest.path), 0, 0,
                                         f"could not record what was built: {exc.strerror or exc}"))
    return result


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
