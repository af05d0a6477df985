"""`briefexport serve`: a live preview of the readers' library while writing.

It serves build/site/ on 127.0.0.1 only, watches content/, layouts/ and fonts/ (watchfiles), and
on every change rebuilds in two passes in this process, whose imports, stylesheets and fonts stay
loaded between builds (the warm worker): first the site from the outputs as they are, so the
edited web edition shows at once, then the PDFs and EPUBs it offers and the site again (their
thumbnails and downloads). After each pass the open pages reload through server-sent events.

The built site holds no script: the server adds the few lines that listen for reloads to the HTML
pages it sends, and, while the last build had content errors, a banner listing them, located as in
the terminal. It never sends a file outside build/site/ (no `..`, encoded or not, no symlink
leading out).
"""

from __future__ import annotations

import errno
import html
import mimetypes
import queue
import signal
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefexport.builder import build, runner
from briefexport.content import sources
from briefexport.project import Project

EVENTS = "/__briefexport/events"
HOST = "127.0.0.1"
_RELOAD_SCRIPT = (
    "<script>/* added by briefexport serve, not part of the site */"
    f'new EventSource("{EVENTS}").addEventListener("reload",()=>location.reload());</script>'
)
_BANNER_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:1rem 1.25rem;background:#7a0c0c;"
    "color:#fff;font:14px/1.5 monospace;white-space:pre-wrap"
)


class PortInUse(Exception):
    """The port asked for is taken (a usage problem: exit 2)."""


class Preview:
    """The state the server shows: where the site is, the last build's errors, who listens."""

    def __init__(self, project: Project, out: Path, echo: Callable[[str], None]):
        self.project = project
        self.out = out
        self.site = (out / "site").resolve()
        self.echo = echo
        self.errors: list[str] = []
        self.listeners: list[queue.Queue] = []
        self.lock = threading.Lock()

    def rebuild(self) -> None:
        """The site from the outputs as they are (the edited page at once), then with the PDFs and
        EPUBs it offers brought up to date (their thumbnails and downloads after). In this process,
        one job after another: it keeps what it loaded, and Ctrl-C has no worker to stop."""
        for uses in (False, True):
            start = time.perf_counter()
            result = build(self.project, formats=["site"], out=self.out, jobs=1, uses=uses)
            errors = [str(d) for d in result.report.sorted() if d.severity == "error"]
            for line in errors:
                self.echo(line)
            if result.built or errors != self.errors:
                self.errors = errors
                what = "site" if not uses else "downloads"
                self.echo(
                    f"{what}: rebuilt {len(result.built)} file(s) in {time.perf_counter() - start:.2f} s, "
                    f"{len(errors)} error(s)"
                )
                self.notify("reload")

    def notify(self, event: str) -> None:
        with self.lock:
            for listener in self.listeners:
                listener.put(event)

    def listen(self) -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self.lock:
            self.listeners.append(listener)
        return listener

    def leave(self, listener: queue.Queue) -> None:
        with self.lock:
            if listener in self.listeners:
                self.listeners.remove(listener)

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

    def decorate(self, page: bytes) -> bytes:
        """An HTML page as the preview sends it: the reload listener, and the errors if any."""
        addition = _RELOAD_SCRIPT
        if self.errors:
            listed = html.escape("\n".join(self.errors))
            addition += f'<div id="briefexport-errors" role="alert" style="{_BANNER_STYLE}">{listed}</div>'
        text = page.decode("utf-8", errors="replace")
        head, tag, rest = text.partition("<body>")
        if not tag:
            return page + addition.encode()
        return (head + tag + addition + rest).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002  quiet: the terminal shows builds, not requests
        pass

    def do_HEAD(self):
        self._send(head_only=True)

    def do_GET(self):
        if urlsplit(self.path).path == EVENTS:
            self._events()
        else:
            self._send(head_only=False)

    def _send(self, head_only: bool) -> None:
        preview = self.server.preview
        url_path = urlsplit(self.path).path
        path = preview.file_for(url_path)
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        if path.name == "index.html" and not url_path.endswith(("/", ".html")):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)  # relative links need the folder's slash
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".html":
            data, kind = preview.decorate(data), "text/html; charset=utf-8"
        elif path.suffix == ".xml":
            kind = "application/atom+xml; charset=utf-8"
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head_only:
            self.wfile.write(data)

    def _events(self) -> None:
        preview = self.server.preview
        listener = preview.listen()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b": listening\n\n")
            self.wfile.flush()
            while not self.server.stopping.is_set():
                try:
                    event = listener.get(timeout=0.5)
                except queue.Empty:
                    continue
                self.wfile.write(f"event: {event}\ndata: {len(preview.errors)}\n\n".encode())
                self.wfile.flush()
        except OSError:  # the page went away
            pass
        finally:
            preview.leave(listener)
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a port in use is an error, not something to share

    def __init__(self, preview: Preview, port: int):
        self.preview = preview
        self.stopping = threading.Event()
        super().__init__((HOST, port), _Handler)


def start(
    project: Project, port: int, out: Path | None = None, echo: Callable[[str], None] = print
) -> tuple[Preview, _Server]:
    """Bind the port and serve in a thread; the caller builds and watches (`run`)."""
    out = (out or project.root / "build").resolve()
    preview = Preview(project, out, echo)
    try:
        server = _Server(preview, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} is already in use on {HOST}; choose another with --port") from None
        raise PortInUse(f"cannot serve on {HOST}:{port}: {exc.strerror or exc}") from None
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    return preview, server


def watched(project: Project) -> list[Path]:
    """content/, then the folders the layout is made of (layouts/, fonts/), those that exist."""
    return [project.content] + [d for d in (project.root / "layouts", project.root / "fonts") if d.is_dir()]


def run(project: Project, port: int, out: Path | None = None, echo: Callable[[str], None] = print) -> None:
    """Serve, build, and rebuild on every change until interrupted (KeyboardInterrupt)."""
    import brand_yml  # noqa: F401  the warm worker: imported once, before any edit
    import watchfiles

    import briefexport.writers.epub  # noqa: F401
    import briefexport.writers.pdf  # noqa: F401
    import briefexport.writers.site  # noqa: F401

    preview, server = start(project, port, out, echo)
    sources.remember_briefs(True)  # an unchanged brief is not parsed again
    runner.keep_layouts(True)  # nor the brand and templates, until layouts/ or fonts/ change
    layout_dirs = [str(d) for d in watched(project)[1:]]
    previous = signal.signal(signal.SIGTERM, _terminated)
    # Ctrl-C stops the preview even when it was started with SIGINT ignored (Python then installs
    # no KeyboardInterrupt handler of its own: a shell does that to commands it starts with `&`).
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        echo(
            f"serving {project.display(preview.site)} at http://{HOST}:{server.server_address[1]}/ "
            "(Ctrl-C stops)"
        )
        preview.rebuild()
        for changes in watchfiles.watch(*watched(project), debounce=150, step=50, raise_interrupt=True):
            if any(path.startswith(tuple(layout_dirs)) for _, path in changes):
                runner.forget_layouts()
            preview.rebuild()
    finally:
        sources.remember_briefs(False)
        runner.keep_layouts(False)
        runner.forget_layouts()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        server.stopping.set()
        server.shutdown()
        server.server_close()


class Terminated(BaseException):
    """SIGTERM: stop as on Ctrl-C (exit 143); like KeyboardInterrupt, no `except Exception` catches it."""


def _terminated(signum, frame):
    raise Terminated()
