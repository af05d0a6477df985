"""Run render jobs: in this process, or in worker processes that reuse one imported WeasyPrint,
one loaded layout and the parsed stylesheets and fonts across documents. Each output has a time
limit.

Workers write only temp files; this process renames each into place (atomic.commit) and only then
reports it done, so an output counts as built exactly when it is complete in the output folder.
Workers die with this process (PR_SET_PDEATHSIG on Linux, a thread watching the parent pid
elsewhere), and a stopped build kills and waits for them before it returns: nothing is written into
the output folder after the command has ended.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from briefexport import limits
from briefexport import atomic
from briefexport.build.stopping import StopSignals
from briefexport.errors import ContentError, Diagnostic
from briefexport.project import Project
from briefexport.safety import files
from briefexport.writers import FORMATS

POLL_SECONDS = 0.2  # how often the waiting build looks for a stop signal
KILL_WAIT_SECONDS = 5  # at most, for a killed worker to be gone


@dataclass
class Outcome:
    dest: Path
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    temp: Path | None = None  # the finished file, until this process renames it to `dest`


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
    """Render one job into a temp file beside its destination; every failure becomes a located
    diagnostic."""
    limit = limits.RENDER_TIME_LIMIT if limit is None else limit
    shown = project.display(job.item.path)
    try:
        with limits.time_limit(limit):
            rendered = FORMATS[job.format].writer().render(job.item, layout_for(project), job.out_root)
        return Outcome(job.dest, True, list(rendered.warnings), atomic.write_temp(job.dest, rendered.data))
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


def _commit(outcome: Outcome, job, project: Project) -> Outcome:
    if outcome.ok and outcome.temp is not None:
        try:
            atomic.commit(outcome.temp, outcome.dest)
        except OSError as exc:
            return Outcome(outcome.dest, False, outcome.diagnostics + [Diagnostic(
                project.display(job.item.path), 0, 0, f"{job.format}: could not be written: {exc.strerror or exc}")])
        outcome.temp = None
    return outcome


# The jobs of the run in progress, for workers forked from this process: they find each job here by
# its index instead of receiving it pickled (briefs are large to pickle).
_inherited_jobs: list = []


def _run_inherited(index: int, project: Project) -> Outcome:
    return run_one(_inherited_jobs[index], project)


def _worker_start(parent: int) -> None:
    """In each worker, first: die with the build. A stop signal is the build's to handle (a Ctrl-C
    reaches the whole process group; the build then kills its workers itself)."""
    for name in ("SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1  # noqa: N806  (linux/prctl.h)
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """The portable way to die with the build: a re-parented worker exits at once."""
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def run_all(jobs: list, project: Project, workers: int, progress: Callable[[int, int, str], None] | None,
            stop: StopSignals | None = None) -> Iterator[Outcome]:
    """Run the jobs and yield each outcome once its output is in place. Raises Stopped (after
    every worker is gone) when a stop signal arrives."""
    stop = stop or StopSignals(enabled=False)
    total = len(jobs)
    done = 0
    files.new_run()
    atomic.new_run()
    by_dest = {job.dest: job for job in jobs}
    for folder in dict.fromkeys(job.dest.parent for job in jobs):
        atomic.prepare(folder)  # once per folder per run, here: workers only write temp files
    if workers <= 1 or total <= 1:
        results = _serial(jobs, project, stop)
    else:
        results = _parallel(jobs, project, workers, stop)
    for outcome in results:
        outcome = _commit(outcome, by_dest[outcome.dest], project)
        done += 1
        if progress:
            progress(done, total, by_dest[outcome.dest].label)
        yield outcome


def _serial(jobs: list, project: Project, stop: StopSignals) -> Iterator[Outcome]:
    for job in jobs:
        with stop.interruptible():
            outcome = run_one(job, project)
        yield outcome


def _parallel(jobs: list, project: Project, workers: int, stop: StopSignals) -> Iterator[Outcome]:
    # Imported here, not at the top: a no-op build imports this module and must stay quick.
    import multiprocessing

    context = multiprocessing.get_context()
    forking = context.get_start_method() == "fork"
    if forking:
        _prepare(jobs, project)
    # Costly outputs first, so the last worker is not left alone with a long PDF.
    ordered = sorted(jobs, key=lambda j: -j.cost)
    _inherited_jobs[:] = ordered if forking else []
    unfinished: list = []
    try:
        submit = ((lambda pool, index, job: pool.submit(_run_inherited, index, project)) if forking
                  else (lambda pool, index, job: pool.submit(run_one, job, project)))
        yield from _pool(ordered, min(workers, len(jobs)), context, submit, stop, unfinished)
    finally:
        _inherited_jobs.clear()
    # The pool cannot say which job killed it: give each unfinished job a process of its own,
    # so only the job that dies again is lost, and reported.
    for job in unfinished:
        lost: list = []
        yield from _pool([job], 1, context, lambda pool, index, job: pool.submit(run_one, job, project), stop, lost)
        for job in lost:
            yield Outcome(job.dest, False, [Diagnostic(
                project.display(job.item.path), 0, 0,
                f"{job.format}: the worker process rendering it died (killed or out of memory)")])


def _pool(jobs: list, workers: int, context, submit, stop: StopSignals, unfinished: list) -> Iterator[Outcome]:
    """Run `jobs` on a pool of `workers`; jobs whose worker died go to `unfinished`."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                               initargs=(os.getpid(),))
    futures = {}
    try:
        futures = {submit(pool, index, job): job for index, job in enumerate(jobs)}
        pending = set(futures)
        while pending:
            stop.check()
            finished, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in finished:
                try:
                    outcome = future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory)
                    stop.check()  # a stop signal sent to the whole group kills workers too
                    unfinished.append(futures[future])
                    continue
                yield outcome
    except BaseException:
        _kill(pool)
        for future in futures:  # finished, but never put in place: their temp files go
            if future.done() and not future.cancelled() and future.exception() is None:
                temp = future.result().temp
                if temp is not None:
                    temp.unlink(missing_ok=True)
        for folder in dict.fromkeys(job.dest.parent for job in jobs):
            atomic.sweep_stale_temp_files(folder)  # what the killed workers were writing
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool) -> None:
    """Kill every worker of `pool` and wait until each is gone."""
    handles = list((getattr(pool, "_processes", None) or {}).values())  # no public API before Python 3.14
    for process in handles:
        try:
            process.kill()
        except (OSError, AttributeError):
            pass
    for process in handles:
        process.join(KILL_WAIT_SECONDS)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
