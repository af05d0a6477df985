"""Run a build's tasks (build/tasks.py: read one source, render its outputs): in this process, or
in worker processes forked after the reader, the writers and the brand are loaded, which reuse
one WeasyPrint, one layout and the parsed stylesheets and fonts across documents. Each output has
a time limit.

`check` reads its briefs on the same kind of pool (`run_pool`; build/checking.py).

Workers write only temp files; this process renames each into place (atomic.commit) and only then
reports it done, so an output counts as built exactly when it is complete in the output folder.
Workers die with this process (PR_SET_PDEATHSIG on Linux, a thread watching the parent pid
elsewhere), and a stopped build kills and waits for them before it returns: nothing is written into
the output folder after the command has ended.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from briefexport import atomic
from briefexport.builder import tasks
from briefexport.builder.context import RunContext
from briefexport.builder.plan import UsageProblem
from briefexport.builder.stopping import StopSignals
from briefexport.builder.tasks import Outcome, Task
from briefexport.errors import Diagnostic
from briefexport.project import Project

POLL_SECONDS = 0.2  # how often the waiting build looks for a stop signal
KILL_WAIT_SECONDS = 5  # at most, for a killed worker to be gone


def _commit(outcome: Outcome, project: Project) -> Outcome:
    if outcome.ok and outcome.temp is not None:
        try:
            atomic.commit(outcome.temp, outcome.dest)
        except OSError as exc:
            return Outcome(
                outcome.dest,
                False,
                outcome.diagnostics
                + [
                    Diagnostic(
                        project.display(outcome.dest), 0, 0, f"could not be written: {exc.strerror or exc}"
                    )
                ],
            )
        outcome.temp = None
    return outcome


def _run_inherited(index: int) -> tuple[list[Outcome], dict]:
    """In a forked worker: the task at `index` of the run it inherited, and the file signatures
    the worker hashed (for the manifest)."""
    context, work = _inherited[0]
    return tasks.run_task(work[index], context), context.settled_files()


def _run_sent(task: Task, context: RunContext) -> tuple[list[Outcome], dict]:
    """In a worker that did not fork from the build (spawn): the task and the run context, pickled
    with each task; the first one this process received is kept and used for the others (its
    reader, its layout), since a pool's workers serve one run only and die with it."""
    if not _received or _received[0].run_id != context.run_id:
        _received[:] = [context]
    return tasks.run_task(task, _received[0]), _received[0].settled_files()


# How a forked worker gets the run: the run context and its tasks in order, put here by the build
# just before its pool forks and taken away once the pool is done, so a worker inherits them with
# the imports, the reader and the layout (and takes each task by its index). Per run by
# construction: set and cleared around one pool. Only the build's own process writes it.
_inherited: list[tuple[RunContext, list[Task]]] = []
# In a worker that was not forked: the run context it was sent first (see _run_sent).
_received: list[RunContext] = []


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


def run_all(
    work: list[Task],
    context: RunContext,
    workers: int,
    stop: StopSignals | None = None,
    files: dict | None = None,
) -> Iterator[Outcome]:
    """Run the tasks and yield each output's outcome once it is in place (or known fresh, or
    failed). The file signatures the tasks hashed go into `files`, for the manifest. Raises
    Stopped (after every worker is gone) when a stop signal arrives."""
    stop = stop or StopSignals(enabled=False)
    files = {} if files is None else files
    for folder in dict.fromkeys(dest.parent for task in work for _, dest in task.outputs):
        _prepare(folder, context)  # once per folder per run, here: workers only write temp files
    serial = workers <= 1 or len(work) <= 1
    results = _serial(work, context, stop) if serial else _parallel(work, context, workers, stop)
    for outcomes, settled in results:
        files.update(settled)
        for outcome in outcomes:
            yield _commit(outcome, context.project)


def _prepare(folder: Path, context: RunContext) -> None:
    """An output folder made (and swept); a path that cannot be one is a usage problem of the
    whole build, said with the path: a file in the way, a folder made read-only meanwhile."""
    project = context.project
    try:
        atomic.prepare(folder, context.swept)
    except OSError as exc:
        in_way = next((p for p in (folder, *folder.parents) if _not_a_folder(p)), None)
        if in_way is not None:
            shown = project.display(in_way)
            raise UsageProblem(f"{shown}: a file is in the way of a folder the build makes") from None
        raise UsageProblem(f"cannot create {project.display(folder)}: {exc.strerror or exc}") from None


def _not_a_folder(path: Path) -> bool:
    try:
        return path.exists() and not path.is_dir()
    except OSError:  # cannot be looked at: not known to be in the way
        return False


def _serial(work: list[Task], context: RunContext, stop: StopSignals) -> Iterator[tuple[list[Outcome], dict]]:
    for task in work:
        with stop.interruptible():
            outcomes = tasks.run_task(task, context)
        yield outcomes, context.settled_files()


def _parallel(
    work: list[Task], context: RunContext, workers: int, stop: StopSignals
) -> Iterator[tuple[list[Outcome], dict]]:
    # Imported here, not at the top: a no-op build imports this module and must stay quick.
    import multiprocessing

    mp_context = multiprocessing.get_context()
    forking = mp_context.get_start_method() == "fork"
    # Costly tasks first, so the last worker is not left alone with a long PDF.
    ordered = sorted(work, key=lambda t: -t.cost)
    if forking:
        tasks.prepare(ordered, context)
        # What the workers inherit (the imports, the reader, the layout) is frozen: their
        # collections skip it and leave its memory pages shared. Unfrozen when the pool is done, so
        # a process that builds again (the tests, a caller of the library) can collect it.
        gc.freeze()
    _inherited[:] = [(context, ordered)] if forking else []
    unfinished: list = []
    try:
        submit = (
            (lambda pool, index, task: pool.submit(_run_inherited, index))
            if forking
            else (lambda pool, index, task: pool.submit(_run_sent, task, context))
        )
        yield from run_pool(ordered, min(workers, len(work)), mp_context, submit, stop, unfinished)
    finally:
        _inherited.clear()
        if forking:
            gc.unfreeze()
    # The pool cannot say which task killed it: give each unfinished task a process of its own,
    # so only the task that dies again is lost, and reported. What the dead workers were writing
    # (a task's first outputs may be written before it dies) goes first.
    for task in unfinished:
        _sweep([task])
        lost: list = []
        yield from run_pool(
            [task], 1, mp_context, lambda pool, index, task: pool.submit(_run_sent, task, context), stop, lost
        )
        _sweep(lost)
        for task in lost:
            yield (
                [
                    Outcome(
                        dest,
                        False,
                        [
                            Diagnostic(
                                context.project.display(task.source),
                                0,
                                0,
                                f"{fmt}: the worker process rendering it died (killed or out of memory)",
                            )
                        ],
                    )
                    for fmt, dest in task.outputs
                ],
                {},
            )


def run_pool(
    work: list,
    workers: int,
    context,
    submit,
    stop: StopSignals,
    unfinished: list,
    sweep: Callable[[list], None] | None = None,
) -> Iterator:
    """Run the tasks on a pool of `workers`; tasks whose worker died go to `unfinished`. When
    stopped, the workers are killed, then `sweep(work)` runs (by default: the temp files of the
    build's tasks are removed)."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
    )
    futures = {}
    try:
        futures = {submit(pool, index, task): task for index, task in enumerate(work)}
        pending = set(futures)
        while pending:
            stop.check()
            finished, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in finished:
                try:
                    result = future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory)
                    stop.check()  # a stop signal sent to the whole group kills workers too
                    unfinished.append(futures[future])
                    continue
                yield result
    except BaseException:
        _kill(pool)
        if sweep is not None:
            sweep(work)
            raise
        for future in futures:  # finished, but never put in place: their temp files go
            if future.done() and not future.cancelled() and future.exception() is None:
                for outcome in future.result()[0]:
                    if outcome.temp is not None:
                        outcome.temp.unlink(missing_ok=True)
        _sweep(work)  # what the killed workers were writing
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _sweep(work: list[Task]) -> None:
    """Remove the temp files of workers that are gone, in the folders of these tasks' outputs."""
    for folder in dict.fromkeys(dest.parent for task in work for _, dest in task.outputs):
        atomic.sweep_stale_temp_files(folder)


def _kill(pool) -> None:
    """Kill every worker of `pool` and wait until each is gone."""
    handles = list((getattr(pool, "_processes", None) or {}).values())  # no public API before Python 3.14
    for process in handles:
        with contextlib.suppress(OSError, AttributeError):
            process.kill()
    for process in handles:
        process.join(KILL_WAIT_SECONDS)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
