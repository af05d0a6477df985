"""Plan what to build, run the writers, write outputs atomically, report every problem."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from typing import TYPE_CHECKING

from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.project import Project

if TYPE_CHECKING:  # the reader and model (pydantic, markdown-it) load only when something is read
    from briefexport.model import Brief, Collection
from briefexport.writers import BRIEF_FORMATS, FORMATS


class UsageProblem(Exception):
    """A mistake in how the command was called (exit 2), not in the content."""


@dataclass
class Job:
    format: str
    item: Brief | Collection
    dest: Path
    out_root: Path
    key: str = ""

    @property
    def label(self) -> str:
        return f"{self.format}/{self.dest.name}"

    @property
    def cost(self) -> int:
        """Rough relative cost, to schedule long jobs first."""
        weight = {"pdf": 10, "epub": 3, "docx": 2, "html": 1}.get(self.format, 1)
        briefs = getattr(self.item, "briefs", None) or [self.item]  # a Collection, or a Brief
        size = sum(len(b.tokens) for b in briefs)
        return weight * (size + 50)


@dataclass
class Content:
    """What the reader made of the sources: good briefs and collections; the rest is in the report."""

    briefs: dict[str, Brief] = field(default_factory=dict)
    collections: list[Collection] = field(default_factory=list)
    selected_briefs: list[str] = field(default_factory=list)


@dataclass
class Result:
    report: Report
    built: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report.errors


Progress = Callable[[int, int, str], None]


def classify(project: Project, sources: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """SOURCES (brief files, collection files, folders) -> (brief paths, collection paths)."""
    sources = list(sources)
    if not sources:
        return project.briefs(), project.collections()
    briefs, collections = [], []
    for source in sources:
        path = Path(source).resolve()
        if not path.exists():
            raise UsageProblem(f"no such file or folder: {source}")
        if path.is_dir():
            briefs += sorted(p for p in path.rglob("*.md") if p.parent.name == "briefs" or path.name == "briefs")
            collections += sorted(p for p in path.rglob("*.yaml") if p.parent.name == "collections")
        elif path.suffix == ".md":
            briefs.append(path)
        elif path.suffix in (".yaml", ".yml") and path.parent.name == "collections":
            collections.append(path)
        else:
            raise UsageProblem(f"{source}: not a brief (.md) or a collection (collections/*.yaml)")
    return list(dict.fromkeys(briefs)), list(dict.fromkeys(collections))


def read(project: Project, sources: Iterable[str | Path], report: Report) -> Content:
    """Read everything the sources need; every mistake goes to the report, good items still load."""
    return read_selected(project, *classify(project, sources), report)


def read_selected(project: Project, brief_paths: list[Path], collection_paths: list[Path], report: Report) -> Content:
    """Read these briefs and collections (and every brief the collections may name)."""
    from briefexport import reader, resources

    resources.new_run()
    all_briefs = {p.stem: p for p in project.briefs()}
    for path in brief_paths:
        all_briefs.setdefault(path.stem, path)
    try:
        authors = reader.read_authors(project, report)
    except ContentError as exc:
        report.extend(exc)
        authors = {}

    content = Content(selected_briefs=[p.stem for p in brief_paths])
    needed = set(content.selected_briefs)
    collection_sources = []
    for path in collection_paths:
        collection_sources.append(path)
        needed.update(all_briefs)  # a collection may name any brief (or glob); read them lazily below
    for slug in sorted(needed):
        path = all_briefs.get(slug)
        if path is None:
            continue
        try:
            content.briefs[slug] = reader.read_brief(path, project, authors, report)
        except ContentError as exc:
            if slug in content.selected_briefs or collection_sources:
                report.extend(exc)
    for path in collection_sources:
        try:
            content.collections.append(
                reader.read_collection(path, project, content.briefs, sorted(all_briefs), report))
        except ContentError as exc:
            report.extend(exc)
    return content


def plan(content: Content, formats: list[str], out: Path, brief_epubs: bool) -> list[Job]:
    """The jobs for what was read. A brief gets an EPUB of its own (`brief_epubs`) only when the
    build has no collection to make EPUBs from."""
    jobs = []
    for slug in content.selected_briefs:
        brief = content.briefs.get(slug)
        if brief is None:
            continue
        for name in formats:
            if name in BRIEF_FORMATS or (name == "epub" and brief_epubs):
                fmt = FORMATS[name]
                jobs.append(Job(name, brief, out / fmt.folder / f"{slug}{fmt.suffix}", out))
    if "epub" in formats:
        for collection in content.collections:
            jobs.append(Job("epub", collection, out / "epub" / f"{collection.slug}.epub", out))
    return jobs


def outputs(brief_paths: list[Path], collection_paths: list[Path], formats: list[str], out: Path) -> dict[Path, Path]:
    """The outputs a build would write, each with the source it is made from, from file names
    alone (nothing parsed): for the no-op check and for reading only what changed."""
    dests = {}
    for path in brief_paths:
        for name in formats:
            if name in BRIEF_FORMATS or (name == "epub" and not collection_paths):
                fmt = FORMATS[name]
                dests[out / fmt.folder / f"{path.stem}{fmt.suffix}"] = path
    if "epub" in formats:
        dests.update((out / "epub" / f"{path.stem}.epub", path) for path in collection_paths)
    return dests


def write_atomic(dest: Path, data: bytes) -> None:
    """Write beside the destination, then rename: a failed build never truncates the last good file.

    The temp file's name carries our pid, so a later build can sweep the leftovers of a killed one
    without touching the temp file of a build that is still running."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temp_files(dest)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sweep_stale_temp_files(dest: Path) -> None:
    for leftover in dest.parent.glob(f".{dest.name}.*.tmp"):
        pid = leftover.name[len(dest.name) + 2:].split(".", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check(project: Project, sources: Iterable[str | Path] = ()) -> Report:
    report = Report()
    read(project, sources, report)
    return report


def build(project: Project, sources: Iterable[str | Path] = (), formats: Iterable[str] | None = None,
          out: Path | None = None, progress: Progress | None = None, jobs: int | None = None,
          force: bool = False) -> Result:
    """Build what changed since the last build (everything with `force`), on `jobs` processes."""
    from briefexport.incremental import Keys, Manifest
    from briefexport.runner import default_workers, run_all

    formats = list(formats or FORMATS)
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
    content = read_selected(project, *to_read, result.report)
    planned = plan(content, formats, out, brief_epubs=not collection_paths)

    keys = Keys(project, manifest.hasher)
    todo = []
    for job in planned:
        job.key = keys.key(job.format, FORMATS[job.format].layout_dir, job.item, out)
        if not force and manifest.fresh(job.dest, job.key):
            result.skipped.append(job.dest)
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
    if todo:
        try:
            write_atomic(manifest.path, manifest.data(keys.hasher))
        except OSError as exc:  # outputs are in place; the next build just rebuilds more
            result.report.add(Diagnostic(project.display(manifest.path), 0, 0,
                                         f"could not record what was built: {exc.strerror or exc}"))
    return result
