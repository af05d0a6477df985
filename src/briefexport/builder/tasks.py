"""What a worker does for one source: read it itself (the build's parent plans from file names and
the manifest, and never parses a brief), key each of its outputs, and render only those whose key
changed. Reading in the workers spreads it over the cores and keeps the parent small; every
content mistake still comes back located, with the outcome of each output.

A task is one brief (all the per-brief formats asked for) or one collection (its books), so a
brief is read once per build however many formats it makes.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefexport import atomic, limits
from briefexport.builder.plan import Job
from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.project import Project
from briefexport.writers import FORMATS

if TYPE_CHECKING:
    from briefexport.builder.hashing import Hasher

CACHE_DIR = ".cache"  # under the output folder: what builds keep for the next one (not outputs)


@dataclass
class Task:
    source: Path  # a brief or a collection file (for pages: their folder)
    outputs: list[tuple[str, Path]]  # (format, destination)
    book: bool = False  # a collection, read with its briefs
    jobs: list[Job] = field(default_factory=list)  # pages, planned from what the parent read: no reading

    @property
    def cost(self) -> int:
        """Rough relative cost, to schedule long tasks first (the file size stands for its length)."""
        try:
            size = self.source.stat().st_size
        except OSError:
            size = 0
        return (
            sum(FORMATS[fmt].weight for fmt, _ in self.outputs)
            * (size // 100 + 50)
            * (20 if self.book else 1)
        )


@dataclass
class Outcome:
    dest: Path
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    temp: Path | None = None  # the finished file, until the parent renames it to `dest`
    key: str | None = None  # its key (a keys.Key), when its sources read
    fresh: bool = False  # its key is the one recorded: nothing rendered, nothing to commit
    drafts: bool = False  # a book holding draft briefs (built with --allow-drafts)


@dataclass
class Run:
    """What every task of one build shares; workers inherit it (or receive it, where they are not
    forked). `recorded` holds the manifest's keys, so a worker can tell a fresh output."""

    project: Project
    out: Path
    force: bool
    allow_drafts: bool
    recorded: dict[str, str]  # output path relative to `out` -> recorded key
    hasher: Hasher  # the manifest's: what the parent hashed, workers need not
    extra_briefs: tuple[Path, ...] = ()  # named briefs outside content/briefs/


# Per process and per run: the briefs reader (authors, heading ids of linked briefs), the hasher
# and the layout. Never kept from one run to the next, except the layout while a caller that
# watches layouts/ and fonts/ keeps it (the live preview).
_state: dict[str, Any] = {}
_keeping_layout = False


def keep_layouts(keep: bool) -> None:
    """Keep the loaded layout (parsed brand, compiled templates) from one run to the next; the
    caller then calls `forget_layouts` whenever layouts/ or fonts/ change."""
    global _keeping_layout
    _keeping_layout = keep


def forget_layouts() -> None:
    _state.pop("layout", None)


def new_run(run: Run) -> None:
    from briefexport.content import references

    references.new_run()
    layout = _state.get("layout") if _keeping_layout else None
    _state.clear()
    _state["run"] = run
    if layout is not None and layout.project == run.project:
        layout.file_digest = run.hasher.file
        _state["layout"] = layout


def _reader(run: Run):
    if "briefs" not in _state:
        from briefexport.builder.keys import Keys
        from briefexport.content.sources import Briefs

        _state["briefs"] = Briefs(run.project, Report(), run.extra_briefs)
        _state["keys"] = Keys(run.project, run.hasher)
        _state["sent"] = set(run.hasher.settled)  # what the parent hashed, it has
    return _state["briefs"], _state["keys"]


def layout_for(project: Project):
    from briefexport.writers.shared.layout import Layout  # Jinja: only when something is rendered

    if "layout" not in _state:
        run = _state.get("run")
        _state["layout"] = (
            Layout(project, run.out / CACHE_DIR, run.hasher.file) if run is not None else Layout(project)
        )
    return _state["layout"]


def settled_files() -> dict[str, list]:
    """The file signatures this process hashed since it last passed them on, for the manifest
    (each once: at 1,000 briefs, passing all of them with every task was quadratic)."""
    keys = _state.get("keys")
    if keys is None:
        return {}
    sent = _state.setdefault("sent", set())
    fresh = {name: entry for name, entry in keys.hasher.settled.items() if name not in sent}
    sent.update(fresh)
    return fresh


def run_task(task: Task, run: Run | None = None) -> list[Outcome]:
    """Read the task's source, then each output: fresh (key unchanged), rendered into a temp file
    beside its destination, or failed with located diagnostics. The reading's own diagnostics
    travel with the first outcome."""
    run = run or _state["run"]
    briefs, keys = _reader(run)
    if task.jobs:
        return [_output(job.format, job.item, job.dest, keys, run) for job in task.jobs]
    briefs.report = report = Report()
    try:
        if task.book:
            item = briefs.collection(task.source, allow_drafts=run.allow_drafts)
        else:
            item = briefs.read(task.source.stem) if task.source.stem in briefs.paths else None
    finally:
        briefs.forget()
    outcomes = [
        _output(fmt, item, dest, keys, run) if item is not None else Outcome(dest, False)
        for fmt, dest in task.outputs
    ]
    if outcomes:
        outcomes[0].diagnostics[:0] = report.diagnostics
    return outcomes


def _output(fmt: str, item, dest: Path, keys, run: Run) -> Outcome:
    """One output: fresh (its key is the one recorded), or rendered into a temp file."""
    key = keys.key(fmt, FORMATS[fmt].layout_dir, item, run.out)
    drafts = any(b.is_draft for b in getattr(item, "briefs", ()))
    if not run.force and run.recorded.get(dest.relative_to(run.out).as_posix()) == key and dest.is_file():
        return Outcome(dest, True, key=key, fresh=True, drafts=drafts)
    outcome = run_one(Job(fmt, item, dest, run.out), run.project)
    outcome.key, outcome.drafts = key, drafts
    return outcome


def run_one(job: Job, project: Project, limit: float | None = None) -> Outcome:
    """Render one output into a temp file beside its destination; every failure becomes a located
    diagnostic."""
    limit = limits.RENDER_TIME_LIMIT if limit is None else limit
    shown = project.display(job.item.path)
    try:
        with limits.time_limit(limit):
            rendered = FORMATS[job.format].writer().render(job.item, layout_for(project), job.out_root)
    except ContentError as exc:
        return Outcome(job.dest, False, exc.diagnostics)
    except limits.TimeLimitExceeded:
        return Outcome(
            job.dest,
            False,
            [Diagnostic(shown, 0, 0, f"{job.format}: rendering took longer than {limit} s and was stopped")],
        )
    except RecursionError:
        return Outcome(
            job.dest,
            False,
            [Diagnostic(shown, 0, 0, f"{job.format}: the document is nested too deeply to render")],
        )
    except Exception as exc:  # a writer failure costs this output only, never the others
        return Outcome(
            job.dest,
            False,
            [Diagnostic(shown, 0, 0, f"{job.format}: could not be written: {type(exc).__name__}: {exc}")],
        )
    try:
        temp = (
            atomic.link_temp(job.dest, rendered.link)
            if rendered.link is not None
            else atomic.write_temp(job.dest, rendered.data)
        )
        return Outcome(job.dest, True, list(rendered.warnings), temp)
    except OSError as exc:  # a full disk, a folder made read-only meanwhile: the last good file stays
        kept = " (the last good one is kept)" if job.dest.is_file() else ""
        message = f"{job.format}: {project.display(job.dest)} could not be written: {exc.strerror or exc}"
        return Outcome(job.dest, False, [Diagnostic(shown, 0, 0, message + kept)])


def prepare(tasks: list[Task], run: Run) -> None:
    """Before workers fork: import the reader and the writers these tasks need, and load the
    layout's brand, here, once; every worker inherits them. A failure is left for the tasks to
    meet and report with their location."""
    _reader(run)
    for name in dict.fromkeys(fmt for task in tasks for fmt, _ in task.outputs):
        with contextlib.suppress(Exception):  # reported by every output of this format in run_one
            FORMATS[name].writer()
    with contextlib.suppress(Exception):  # reported by every output in run_one
        _ = layout_for(run.project).brand  # the property reads and keeps the brand


def tasks_of(expected: dict[Path, Path], collections: set[Path]) -> list:
    """One task per source: its outputs together, so a brief is read once for all its formats."""
    by_source: dict[Path, list] = {}
    for dest, source in expected.items():
        by_source.setdefault(source, []).append((dest.parent.name, dest))
    return [
        Task(source, [(_format_of(folder), dest) for folder, dest in made], book=source in collections)
        for source, made in by_source.items()
    ]


def _format_of(folder: str) -> str:
    return next(name for name, fmt in FORMATS.items() if fmt.folder == folder)
