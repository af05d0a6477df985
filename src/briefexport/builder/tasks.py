"""What a worker does for one source: read it itself (the build's parent plans from file names and
the manifest, and never parses a brief), key each of its outputs, and render only those whose key
changed. Reading in the workers spreads it over the cores and keeps the parent small; every
content mistake still comes back located, with the outcome of each output.

A task is one brief (all the per-brief formats asked for) or one collection (its books), so a
brief is read once per build however many formats it makes.
"""

from __future__ import annotations

import contextlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefexport import atomic, limits
from briefexport.builder.plan import Job
from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.writers import FORMATS

if TYPE_CHECKING:
    from briefexport.builder.context import RunContext
    from briefexport.content.model import Brief, Collection


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


def run_task(task: Task, context: RunContext) -> list[Outcome]:
    """Read the task's source, then each output: fresh (key unchanged), rendered into a temp file
    beside its destination, or failed with located diagnostics. The reading's own diagnostics
    travel with the first outcome."""
    briefs, keys = context.reader()
    if task.jobs:
        return [_output(job.format, job.item, job.dest, keys, context) for job in task.jobs]
    briefs.report = report = Report()
    item: Brief | Collection | None
    try:
        if task.book:
            item = briefs.collection(task.source, context.options.drafts)
        else:
            item = briefs.read(task.source.stem) if task.source.stem in briefs.paths else None
    finally:
        briefs.forget()
    outcomes = [
        _output(fmt, item, dest, keys, context) if item is not None else Outcome(dest, False)
        for fmt, dest in task.outputs
    ]
    if outcomes:
        outcomes[0].diagnostics[:0] = report.diagnostics
    return outcomes


def _output(fmt: str, item, dest: Path, keys, context: RunContext) -> Outcome:
    """One output: fresh (its key is the one recorded), or rendered into a temp file."""
    out = context.out
    key = keys.key(FORMATS[fmt], item, out)
    drafts = item.item_kind == "collection" and any(b.is_draft for b in item.briefs)
    recorded = context.recorded.get(dest.relative_to(out).as_posix())
    if not context.options.force and recorded == key and dest.is_file():
        return Outcome(dest, True, key=key, fresh=True, drafts=drafts)
    outcome = run_one(Job(fmt, item, dest, out), context)
    outcome.key, outcome.drafts = key, drafts
    return outcome


def run_one(job: Job, context: RunContext, limit: float | None = None) -> Outcome:
    """Render one output into a temp file beside its destination; every failure becomes a located
    diagnostic (with --debug, a writer's exception also brings its traceback)."""
    limit = limits.RENDER_TIME_LIMIT if limit is None else limit
    project = context.project
    shown = project.display(job.item.path)
    try:
        with limits.time_limit(limit):
            rendered = FORMATS[job.format].render(job.item, context.layout(), job.out_root)
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
        message = f"{job.format}: could not be written: {type(exc).__name__}: {exc}"
        if context.options.debug:  # where it failed, as Sphinx's -T says it: the worker's own frames
            message += "\n" + traceback.format_exc().rstrip()
        return Outcome(job.dest, False, [Diagnostic(shown, 0, 0, message)])
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


def prepare(tasks: list[Task], context: RunContext) -> None:
    """Before workers fork: import the reader and the writers these tasks need, and load the
    layout's brand, here, once; every worker inherits them (in the run context). A failure is left
    for the tasks to meet and report with their location."""
    context.reader()
    for name in dict.fromkeys(fmt for task in tasks for fmt, _ in task.outputs):
        with contextlib.suppress(Exception):  # reported by every output of this format in run_one
            FORMATS[name].writer()
    with contextlib.suppress(Exception):  # reported by every output in run_one
        _ = context.layout().brand  # the property reads and keeps the brand


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
