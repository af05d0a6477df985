"""`check`: every brief the sources need is read, in worker processes when there are enough of them
to pay for the workers (the same pool, death and stop handling as the build's, build/runner.py),
each into a summary (content/summary.py); the checks between briefs then run here, from the
summaries alone. The diagnostics are the same, in the same order, however many processes read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefexport.builder.plan import asked, classify, formats_by_source, without_one_brief_books
from briefexport.builder.stopping import Stopped, StopSignals
from briefexport.content.draft_policy import Drafts
from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.project import Project
from briefexport.writers.shared.brand_file import BrandFile

# Below this many briefs one process reads them about as soon as workers would, and sooner when
# the machine has no idle core (benchmarks/README.md, "check in worker processes").
PARALLEL_FROM = 100
CHUNKS_PER_WORKER = 8  # small enough to even out the workers' ends, large enough to cost little to send


@dataclass
class Checked:
    report: Report
    stopped: int | None = None  # the signal that stopped the check, if one did
    readers: set[int] = field(default_factory=set)  # ids of the processes that read briefs


def check(project: Project, sources: Iterable[str | Path] = (), drafts: Drafts = Drafts.LEAVE_OUT) -> Report:
    """Every mistake of the sources, read in this process."""
    return run_check(project, sources, drafts, jobs=1).report


def run_check(
    project: Project,
    sources: Iterable[str | Path] = (),
    drafts: Drafts = Drafts.LEAVE_OUT,
    jobs: int | None = None,
    stop_signals: bool = False,
) -> Checked:
    """Check the sources on `jobs` processes (default: one per CPU when there are many briefs).

    With `stop_signals`, SIGINT, SIGTERM and SIGHUP stop the check: its workers are killed and
    waited for, and the result says which signal stopped it (its report is then incomplete)."""
    from briefexport.builder.runner import default_workers
    from briefexport.content import summary  # markdown-it and pydantic: only when reading
    from briefexport.content.topics import topics_of

    sources = list(sources)
    brief_paths, collection_paths = classify(project, sources)
    # what the default build of these sources makes of each: check refuses what it would refuse
    brand = BrandFile.read(project)  # once for the check: the formats it would make, the brand's problems
    formats = without_one_brief_books(asked(brand, None, bool(sources)), False, sources, collection_paths)
    made = formats_by_source(brief_paths, collection_paths, formats)
    checked = Checked(Report())
    checked.report.diagnostics.extend(brand_problems(project, brand))
    authors = summary.authors_of(project, checked.report)
    topics_of(project, checked.report)  # the library's topics registry
    paths = summary.needed(project, brief_paths, collection_paths)
    workers = min(jobs or default_workers(), len(paths))
    with StopSignals(stop_signals) as stop:
        try:
            if workers <= 1 or (jobs is None and len(paths) < PARALLEL_FROM):
                covered = _coverage(project)
                with stop.interruptible():
                    summaries = [summary.summarize(path, project, authors, covered) for path in paths]
                checked.readers.add(os.getpid())
            else:
                summaries = _in_workers(project, paths, authors, workers, stop, checked.readers)
            # a brief checked alone still has its links to other briefs' headings checked, as a
            # build of it does: those briefs are read for their headings
            with stop.interruptible():
                others = [
                    summary.summarize(path, project, authors)
                    for path in summary.linked(summaries, project, brief_paths)
                ]
            summary.check_summaries(
                project, summaries, brief_paths, collection_paths, checked.report, drafts, others, made
            )
        except Stopped as exc:
            checked.stopped = exc.signum
    return checked


def brand_problems(project: Project, brand: BrandFile | None = None) -> list[Diagnostic]:
    """What is wrong with the brand (layouts/brand.yml, its fonts and logo, its paper), read and
    checked as every writer reads it (writers/shared/brand_values.py), located in brand.yml."""
    from briefexport.writers.shared.layout import Layout

    layout = Layout(project, brand_file=brand)
    try:
        _ = layout.paper  # reads the brand first
    except ContentError as exc:
        return exc.diagnostics
    return []


def _summaries(index: int, project: Project, paths: list[Path], authors: dict) -> tuple[int, int, list]:
    """In a worker: the summaries of one chunk of briefs, with the chunk's index and this process's id."""
    from briefexport.content.summary import summarize

    covered = _coverage(project)
    return index, os.getpid(), [summarize(path, project, authors, covered) for path in paths]


def _coverage(project: Project):
    """What the brand's fonts draw per language (writers/shared/glyphs.py), read on first use, so
    `check` reports what every format would refuse: a character no font of its language has."""
    from briefexport.writers.shared.glyphs import coverage
    from briefexport.writers.shared.layout import Layout

    return coverage(Layout(project))


def _in_workers(
    project: Project, paths: list[Path], authors: dict, workers: int, stop: StopSignals, readers: set[int]
) -> list:
    """The summaries of `paths`, in their order, read by a pool of `workers` processes."""
    import multiprocessing

    from briefexport.builder.runner import run_pool
    from briefexport.content.summary import lost

    size = -(-len(paths) // (workers * CHUNKS_PER_WORKER))
    chunks = [(index, paths[start : start + size]) for index, start in enumerate(range(0, len(paths), size))]
    context = multiprocessing.get_context()
    done: dict[int, list] = {}

    def submit(pool, _, chunk):
        return pool.submit(_summaries, chunk[0], project, chunk[1], authors)

    def collect(results) -> None:
        for index, pid, summaries in results:
            done[index] = summaries
            readers.add(pid)

    unfinished: list = []
    collect(run_pool(chunks, workers, context, submit, stop, unfinished, sweep=_nothing))
    # A dead worker cannot say which brief killed it: each unfinished chunk gets a process of its
    # own, and only the chunk whose process dies again is reported, brief by brief.
    for chunk in unfinished:
        again: list = []
        collect(run_pool([chunk], 1, context, submit, stop, again, sweep=_nothing))
        for index, chunk_paths in again:
            done[index] = [
                lost(path, project, "the worker process reading it died (killed or out of memory)")
                for path in chunk_paths
            ]
    return [s for index in sorted(done) for s in done[index]]


def _nothing(work: list) -> None:
    """A check writes nothing: a stopped one leaves nothing to remove."""
