"""The preview's builds: the first one, then one on every change under content/, layouts/ and fonts/
(watchfiles), each in two passes in this process, whose imports, stylesheets and fonts stay loaded
between builds (the warm worker): first the site from the outputs as they are, so the edited web
edition shows at once, then the PDFs and EPUBs it offers and the site again (their thumbnails and
downloads). After each pass the open pages reload.

The preview outlives what stops one build: another build holding the output folder is waited for
(said once, in the terminal and on the page), and any other failure of a rebuild is reported the
same way while the last site built stays served."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

from briefexport.builder import Busy, Kept, UsageProblem, build
from briefexport.builder.outdir import reason, usable
from briefexport.project import Project
from briefexport.serve.hosts import NAMES
from briefexport.serve.server import HOST, Servers
from briefexport.serve.state import Preview

WAKE_MS = 100  # the watcher hands back an empty set of changes this often when nothing changed


class Rebuilder:
    def __init__(self, preview: Preview):
        self.preview = preview
        # kept from one build to the next (this process builds again and again): the layout until
        # layouts/ or fonts/ change, the parsed briefs while their files are unchanged
        self.kept = Kept()

    def rebuild(self) -> None:
        """Both passes; a failure of either is reported, never raised: the preview keeps serving."""
        preview = self.preview
        for uses in (False, True):
            try:
                self._pass(uses)
            except Exception as exc:  # anything: a bug in a writer's planning, a folder gone
                failure = f"error: the rebuild failed: {_described(exc)}; still serving the last site built"
                preview.set(failure=failure, waiting=None, ready=True)
                preview.reload()
                preview.echo(failure)  # said once the pages are told: what the terminal says, they show
                return
            finally:
                preview.set(ready=True)  # the first pass wrote the index: pages are answered

    def _pass(self, uses: bool) -> None:
        preview = self.preview
        start = time.perf_counter()
        result = build(
            preview.project,
            formats=["site"],
            out=preview.out,
            kept=self.kept,
            jobs=1,
            uses=uses,
            on_busy=self._wait,
        )
        errors = [str(d) for d in result.report.sorted() if d.severity == "error"]
        first = not preview.ready
        # a page showing a failure, or the build waited for, reloads even when nothing was left to build
        if result.built or errors != preview.errors or preview.failure or preview.waiting or first:
            took = time.perf_counter() - start
            preview.set(errors=errors, failure=None, waiting=None, ready=True)
            preview.reload()  # before the lines: once the terminal says it, the open pages were told
            for line in errors:
                preview.echo(line)
            what = "site" if not uses else "downloads"
            preview.echo(
                f"{what}: rebuilt {len(result.built)} file(s) in {took:.2f} s, {len(errors)} error(s)"
            )
        else:
            preview.set(failure=None, waiting=None)
            for line in errors:
                preview.echo(line)

    def _wait(self, busy: Busy) -> None:
        """Another build holds the output folder: say so once, here and on the page, then the
        build waits for it (builder.stopping.locked)."""
        preview = self.preview
        waiting = (
            f"waiting for another build (pid {busy.holder}) to finish writing "
            f"{preview.project.display(preview.out)}/; the preview rebuilds after it"
        )
        preview.set(waiting=waiting)
        preview.reload()
        preview.echo(waiting)


def _described(exc: Exception) -> str:
    if isinstance(exc, UsageProblem):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{reason(exc)}"
    return f"{type(exc).__name__}: {exc}"


def watched(project: Project) -> list[Path]:
    """content/, then the folders the layout is made of (layouts/, fonts/), those that exist."""
    return [project.content] + [d for d in (project.root / "layouts", project.root / "fonts") if d.is_dir()]


def run(project: Project, port: int, out: Path | None = None, echo: Callable[[str], None] = print) -> None:
    """Serve, build, and rebuild on every change until interrupted (KeyboardInterrupt, Terminated).
    UsageProblem when the output folder cannot be written, PortInUse when the port cannot be had."""
    import brand_yml  # noqa: F401  the warm worker: imported once, before any edit
    import watchfiles

    import briefexport.writers.epub  # noqa: F401
    import briefexport.writers.pdf  # noqa: F401
    import briefexport.writers.site  # noqa: F401

    default = project.root / "build"
    out = usable(out or default, str(out) if out else project.display(default))
    preview = Preview(project, out, echo)
    servers = Servers(preview, port)
    rebuilder = Rebuilder(preview)
    layout_dirs = [str(d) for d in watched(project)[1:]]
    previous = signal.signal(signal.SIGTERM, _terminated)
    # Ctrl-C stops the preview even when it was started with SIGINT ignored (Python then installs
    # no KeyboardInterrupt handler of its own: a shell does that to commands it starts with `&`).
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        also = ", ".join(name for name in NAMES[1:] if servers.ipv6 or name != "[::1]")
        echo(
            f"serving {project.display(preview.site)} at http://{HOST}:{servers.port}/ (also {also}); "
            "pages wait for the first build; Ctrl-C stops"
        )
        # Watching starts before the first build, so an edit saved while it runs is not missed: the
        # watcher yields an empty set when nothing changed for WAKE_MS, the first time once it is up.
        changes_seen = watchfiles.watch(
            *watched(project),
            debounce=150,
            step=50,
            rust_timeout=WAKE_MS,
            yield_on_timeout=True,
            raise_interrupt=True,
        )
        next(changes_seen)
        rebuilder.rebuild()
        for changes in changes_seen:
            if not changes:
                continue
            if any(path.startswith(tuple(layout_dirs)) for _, path in changes):
                rebuilder.kept.forget_layouts()
            rebuilder.rebuild()
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        servers.close()


class Terminated(BaseException):
    """SIGTERM: stop as on Ctrl-C (exit 143); like KeyboardInterrupt, no `except Exception` catches it."""


def _terminated(signum, frame):
    raise Terminated()
