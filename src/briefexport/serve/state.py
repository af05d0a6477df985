"""What the preview server shows, shared by the rebuilding thread and the request threads: where the
site is, the last build's errors, what the preview is waiting for or what went wrong, whether the
first build is done, and the open pages listening for reloads (server-sent events)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from briefexport.project import Project

_SAID_REFUSED = 8  # names of refused requests said in the terminal


class Preview:
    def __init__(self, project: Project, out: Path, echo: Callable[[str], None]):
        self.project = project
        self.out = out
        self.site = (out / "site").resolve()
        self.echo = echo
        self.errors: list[str] = []  # the last build's content errors, located
        self.failure: str | None = None  # the last rebuild failed (not the content: the build itself)
        self.waiting: str | None = None  # another build holds the output folder: what we wait for
        self.ready = False  # the first build is done (or failed): pages are answered from then on
        self.generation = 0  # reloads sent so far; a page knows the one it was sent at
        self.stopping = threading.Event()
        self._listeners: list[queue.Queue] = []
        self._changed = threading.Condition()
        self._refused: set[str] = set()

    # --- the reload events --------------------------------------------------------------------

    def reload(self) -> None:
        """Every open page reloads (pages sent from now on carry the new generation)."""
        with self._changed:
            self.generation += 1
            for listener in self._listeners:
                listener.put("reload")
            self._changed.notify_all()

    def listen(self, since: int | None = None) -> queue.Queue:
        """A page's reload channel. A page sent before the last reload (`since` is its generation)
        missed it while it opened the channel: it reloads at once."""
        listener: queue.Queue = queue.Queue()
        with self._changed:
            self._listeners.append(listener)
            if since is not None and since != self.generation:
                listener.put("reload")
        return listener

    def leave(self, listener: queue.Queue) -> None:
        with self._changed:
            if listener in self._listeners:
                self._listeners.remove(listener)

    # --- the first build ------------------------------------------------------------------------

    def set(self, **state) -> None:
        """Change what the server shows (ready, waiting, failure, errors) and wake waiting requests."""
        with self._changed:
            for name, value in state.items():
                setattr(self, name, value)
            self._changed.notify_all()

    def wait_until_ready(self) -> bool:
        """Block a request until the first build is done; False when there is something else to
        show first (the preview waits for another build) or the server stops."""
        with self._changed:
            self._changed.wait_for(lambda: self.ready or self.waiting is not None or self.stopping.is_set())
            return self.ready

    # --- what is refused ------------------------------------------------------------------------

    def refused(self, host: str) -> None:
        """Say once per name that a request was refused (for the first few names: a page trying
        many must not flood the terminal)."""
        with self._changed:
            if host in self._refused or len(self._refused) > _SAID_REFUSED:
                return
            self._refused.add(host)
            many = len(self._refused) > _SAID_REFUSED
        if many:
            self.echo("refused requests for more names; they are no longer said")
        else:
            self.echo(
                f"refused a request for {host!r}: the preview answers only 127.0.0.1, localhost and [::1]"
            )

    # --- files ----------------------------------------------------------------------------------

    def file_for(self, url_path: str) -> Path | None:
        """The file under build/site/ a URL path names, or None: never anything outside it."""
        text = unquote(url_path)
        if "\0" in text or "\\" in text:
            return None
        parts = [part for part in text.split("/") if part]
        if any(part in (".", "..") for part in parts):
            return None
        candidate = self.site.joinpath(*parts)
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real != self.site and self.site not in real.parents:
            return None  # a symlink leading out of the site
        if real.is_dir():
            real = real / "index.html"
            if not real.is_file():
                return None
        return real if real.is_file() else None
