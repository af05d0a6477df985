"""One build's runs of tasks against its manifest: each outcome recorded (built, up to date, or not
built) and numbered for the progress display.

Every output gets exactly one progress line, numbered 1 to N in the order they finish, and the
line says what happened to it: `[3/7] pdf/x.pdf` (written), `[4/7] docx/x.docx: up to date`
(nothing it is made from changed), `[5/7] epub/book.epub: not built (see the errors below)`. N
is counted once, before the first line: the site's pages are planned up front from the project
the site reads anyway (builder/site_pages.py), with the outputs this build is about to make
counted as made. Should a page be planned that the build then cannot make (its PDF failed), its
line says so; the total never changes, unless a count was short, and then it only grows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from briefexport.atomic import write_atomic
from briefexport.errors import Diagnostic

if TYPE_CHECKING:
    from briefexport.builder.context import RunContext
    from briefexport.builder.manifest import Manifest
    from briefexport.builder.pipeline import Result
    from briefexport.builder.stopping import StopSignals

BUILT, UP_TO_DATE, NOT_BUILT = "built", "up to date", "not built"

Progress = Callable[[int, int, str, str], None]  # (done, total, label, one of the states above)


def said(label: str, state: str) -> str:
    """An output's progress line as printed: its name, and what became of it unless it was written."""
    return label + {BUILT: "", NOT_BUILT: ": not built (see the errors below)"}.get(state, f": {state}")


class Numbering:
    """Progress numbered across every run of tasks of one build."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.done = 0
        self.total = 0

    def plan(self, count: int) -> None:
        self.total += count

    def __call__(self, label: str, state: str) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        if self.progress is not None:
            self.progress(self.done, self.total, label, state)


class Runs:
    """The runs of tasks of one build (the outputs, then each format's pages): outcomes recorded
    in the manifest and the result, progress numbered across them."""

    def __init__(self, context: RunContext, manifest: Manifest, result: Result, stop: StopSignals):
        from briefexport.builder.runner import default_workers

        self.context, self.manifest, self.result, self.stop = context, manifest, result, stop
        self.project = context.project
        self.numbering = Numbering(context.options.progress)
        self.workers = context.options.jobs or default_workers()
        self.files: dict = {}
        self.changed = False
        self.seen: set = set()

    def label(self, dest: Path) -> str:
        return dest.relative_to(self.context.out).as_posix()

    def tasks(self, work: list) -> bool:
        """Run the tasks; whether every output of them is in place."""
        from briefexport.builder.runner import run_all

        result = self.result
        result.planned += sum(len(task.outputs) for task in work)
        ok = True
        for outcome in run_all(work, self.context, self.workers, self.stop, self.files):
            fresh = [d for d in outcome.diagnostics if d not in self.seen]  # a brief read twice reports once
            self.seen.update(fresh)
            result.report.diagnostics.extend(fresh)
            if outcome.fresh:
                # Its files changed but not what it is made from (another author's bio, the brand's
                # print settings for a screen output): record the new stamp, so the next build needs
                # no reading to see it unchanged.
                result.skipped.append(outcome.dest)
                result.planned -= 1
                self.changed |= self.manifest.restamp(outcome.dest, outcome.key or "")
                state = UP_TO_DATE
            elif outcome.ok:
                result.built.append(outcome.dest)
                self.manifest.record(outcome.dest, outcome.key or "", drafts=outcome.drafts)
                self.changed, state = True, BUILT
            else:
                ok = False
                result.failed.append(outcome.dest)
                self.manifest.forget(outcome.dest)
                self.changed, state = True, NOT_BUILT
            self.numbering(self.label(outcome.dest), state)
        self.context.hasher.forget(result.built)  # written just now: pages may read them next
        return ok

    def record(self) -> None:
        if not (self.changed or self.result.planned or self.result.removed):
            return
        self.context.hasher.settled.update(self.files)  # what the workers hashed
        try:
            write_atomic(self.manifest.path, self.manifest.data())
        except OSError as exc:  # outputs are in place; the next build just rebuilds more
            self.result.report.add(
                Diagnostic(
                    self.project.display(self.manifest.path),
                    0,
                    0,
                    f"could not record what was built: {exc.strerror or exc}",
                )
            )
