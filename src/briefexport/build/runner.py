"""Run render jobs: in this process, or in worker processes that reuse one imported WeasyPrint,
one loaded layout and the parsed stylesheets and fonts across documents. Each output has a time
limit."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from briefexport import limits
from briefexport.atomic import write_atomic
from briefexport.errors import ContentError, Diagnostic
from briefexport.project import Project
from briefexport.safety import files
from briefexport.writers import FORMATS


@dataclass
class Outcome:
    dest: Path
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)


# The layout (templates, brand) of the build in progress, loaded once per build and per process.
# Not kept from one build to the next, since the brand or templates may have changed in between,
# unless the caller watches them (the live preview keeps it until layouts/ or fonts/ change).
_worker_layouts: dict[Path, object] = {}
_keeping = False


def layout_for(project: Project):
    from briefexport.writers.shared.layout import Layout  # Jinja: only when something is rendered

    if project.root not in _worker_layouts:
        _worker_layouts[project.root] = Layout(project)
    return _worker_layouts[project.root]


def keep_layouts(keep: bool) -> None:
    """Keep the loaded layouts (parsed brand, compiled templates) from one build to the next; the
    caller then calls `forget_layouts` whenever layouts/ or fonts/ change."""
    global _keeping
    _keeping = keep


def forget_layouts() -> None:
    _worker_layouts.clear()


def new_build() -> None:
    if not _keeping:
        _worker_layouts.clear()


def _prepare(jobs: list, project: Project) -> None:
    """Import the writers these jobs need and load the layout's brand here, before the workers
    fork: they inherit both, instead of each importing WeasyPrint and brand-yml for itself. A
    failure is left for the jobs to meet and report with their location."""
    for name in dict.fromkeys(job.format for job in jobs):
        try:
            FORMATS[name].writer()
        except Exception:  # noqa: BLE001  reported by every job of this format in run_one
            pass
    try:
        layout_for(project).brand
    except Exception:  # noqa: BLE001  reported by every job in run_one
        pass


def run_one(job, project: Project, limit: float | None = None) -> Outcome:
    """Render one job and write it atomically; every failure becomes a located diagnostic."""
    limit = limits.RENDER_TIME_LIMIT if limit is None else limit
    shown = project.display(job.item.path)
    try:
        with limits.time_limit(limit):
            rendered = FORMATS[job.format].writer().render(job.item, layout_for(project), job.out_root)
        write_atomic(job.dest, rendered.data)
        return Outcome(job.dest, True, list(rendered.warnings))
    except ContentError as exc:
        return Outcome(job.dest, False, exc.diagnostics)
    except limits.TimeLimitExceeded:
        return Outcome(job.dest, False, [Diagnostic(
            shown, 0, 0, f"{job.format}: rendering took longer than {limit} s and was stopped")])
    except RecursionError:
        return Outcome(job.dest, False, [Diagnostic(
            shown, 0, 0, f"{job.format}: the document is nested too deeply to render")])
    except Exception as exc:  # a writer failure costs this output only, never the others
        return Outcome(job.dest, False, [Diagnostic(
            shown, 0, 0, f"{job.format}: could not be written: {type(exc).__name__}: {exc}")])


# The jobs of the run in progress, for workers forked from this process: they find each job here by
# its index instead of receiving it pickled (briefs are large to pickle).
_inherited_jobs: list = []


def _run_inherited(index: int, project: Project) -> Outcome:
    return run_one(_inherited_jobs[index], project)


def run_all(jobs: list, project: Project, workers: int, progress: Callable[[int, int, str], None] | None) -> list[Outcome]:
    total = len(jobs)
    outcomes = []
    files.new_run()
    if workers <= 1 or total <= 1:
        for index, job in enumerate(jobs):
            if progress:
                progress(index, total, job.label)
            outcomes.append(run_one(job, project))
    else:
        # Imported here, not at the top: a no-op build imports this module and must stay quick.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        context = multiprocessing.get_context()
        forking = context.get_start_method() == "fork"
        if forking:
            _prepare(jobs, project)
        # Costly outputs first, so the last worker is not left alone with a long PDF.
        ordered = sorted(jobs, key=lambda j: -j.cost)
        _inherited_jobs[:] = ordered if forking else []
        unfinished = []
        with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=context) as pool:
            futures = {(pool.submit(_run_inherited, index, project) if forking else pool.submit(run_one, job, project)): job
                       for index, job in enumerate(ordered)}
            for future in as_completed(futures):
                try:
                    outcomes.append(future.result())
                except BrokenProcessPool:  # a worker died (killed, out of memory): see below
                    unfinished.append(futures[future])
                    continue
                if progress:
                    progress(len(outcomes), total, futures[future].label)
        _inherited_jobs.clear()
        # The pool cannot say which job killed it: give each unfinished job a process of its own,
        # so only the job that dies again is lost, and reported.
        for job in unfinished:
            outcomes.append(_run_alone(job, project, context))
            if progress:
                progress(len(outcomes), total, job.label)
    if progress:
        progress(total, total, "done")
    return outcomes


def _run_alone(job, project: Project, context) -> Outcome:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(run_one, job, project).result()
        except BrokenProcessPool:
            return Outcome(job.dest, False, [Diagnostic(
                project.display(job.item.path), 0, 0,
                f"{job.format}: the worker process rendering it died (killed or out of memory)")])


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
