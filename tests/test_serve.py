"""`briefexport serve`, run as a user runs it (a subprocess on a free port of 127.0.0.1): an edit shows
through the reload channel, a broken brief shows its located error in the page and the terminal,
nothing outside build/site/ is ever sent, a port in use is a usage error, Ctrl-C stops it cleanly.
Time limits here are generous bounds against hanging, not speed assertions (see `make bench`)."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import small_project

pytestmark = pytest.mark.slow  # each test starts `briefexport serve`, which builds the whole library

BRIEFS = ("harbour-electrification", "grid-storage-auctions")
BOUND = 180  # seconds: a bound against hanging on a loaded machine, not a speed target
COMMAND = str(Path(sys.executable).parent / "briefexport")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`briefexport serve` in a subprocess, its terminal output collected line by line."""

    def __init__(self, root: Path, port: int, started_with_sigint_ignored: bool = False):
        self.port = port
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        # what a shell does to a command it starts with `&`, and CI runners to their jobs at times
        ignore = (
            (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if started_with_sigint_ignored else None
        )
        self.process = subprocess.Popen(
            [COMMAND, "serve", "--port", str(port)],
            cwd=root,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=ignore,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> str:
        deadline = time.monotonic() + BOUND
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.seen))

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path)  # sent as written: http.client does not normalise paths
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def events(self):
        """The reload channel, as a browser's EventSource reads it: yields event names."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=BOUND)
        connection.request("GET", "/__briefexport/events")
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
        assert response.fp.readline().startswith(b": listening")

        def read():
            while True:
                line = response.fp.readline().decode()
                if not line:
                    return
                if line.startswith("event: "):
                    yield line.removeprefix("event: ").strip()

        return read()

    def stop(self, signum: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                raise
        return self.process.returncode


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve") / "project"
    project = small_project(root, BRIEFS)
    server = Server(root, free_port())
    try:
        server.wait_for(r"^serving build/site at http://127\.0\.0\.1:\d+/")
        server.wait_for(r"^downloads: rebuilt \d+ file\(s\)")  # the first build, with its PDFs
        yield server, project
    finally:
        server.stop()


def test_serves_the_site_with_a_reload_listener_the_built_site_does_not_have(served):
    server, project = served
    status, body = server.get("/")
    assert status == 200 and b"<h1>Publications</h1>" in body
    assert b'new EventSource("/__briefexport/events")' in body
    assert b"<script>" not in (project.root / "build" / "site" / "index.html").read_bytes()
    status, body = server.get("/briefs/harbour-electrification/harbour-electrification.pdf")
    assert status == 200 and body.startswith(b"%PDF-")


def test_an_edit_shows_through_the_reload_channel(served):
    server, project = served
    events = server.events()
    brief = project.briefs_dir / "harbour-electrification.md"
    brief.write_text(
        brief.read_text().replace("second-largest container port", "second-busiest container port")
    )
    assert next(events) == "reload"  # the web edition first...
    status, body = server.get("/briefs/harbour-electrification/index.html")
    assert status == 200 and b"second-busiest container port" in body
    assert next(events) == "reload"  # ...then its PDF and thumbnail
    server.wait_for(r"^downloads: rebuilt")


def test_a_broken_brief_shows_its_located_error_in_the_page_and_the_terminal(served):
    server, project = served
    events = server.events()
    brief = project.briefs_dir / "grid-storage-auctions.md"
    good = brief.read_text()
    line = next(n for n, text in enumerate(good.splitlines(), 1) if text.startswith("date:"))
    brief.write_text(good.replace("date: 2026-05-12", "date: 2026-13-12"))
    located = f"content/briefs/grid-storage-auctions.md:{line}:7: error: date: month must be in 1..12"
    assert next(events) == "reload"
    assert server.wait_for(re.escape(located)) == located
    status, body = server.get("/index.html")
    assert status == 200 and b'id="briefexport-errors" role="alert"' in body and located.encode() in body
    brief.write_text(good)
    while next(events) != "reload" or b"briefexport-errors" in server.get("/index.html")[1]:
        pass


@pytest.mark.parametrize(
    "path",
    [
        "/../content/authors.yaml",
        "/%2e%2e/content/authors.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/briefs/..%2f..%2f..%2fcontent/authors.yaml",
        "/briefs/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/content/authors.yaml",
        "/..\\..\\content\\authors.yaml",
        "/leak/passwd",
        "/leak",
        "/%00index.html",
        "/.briefexport-manifest.json",
        "//etc/passwd",
    ],
)
def test_never_sends_a_file_outside_the_site(served, path):
    server, project = served
    leak = project.root / "build" / "site" / "leak"
    if not leak.is_symlink():
        leak.symlink_to("/etc")  # a link inside the site leading out of it
    status, body = server.get(path)
    assert status == 404, (path, body[:200])
    assert b"root:" not in body and b"hana-seo" not in body


def test_a_port_in_use_is_a_usage_error(served):
    server, project = served
    result = subprocess.run(
        [COMMAND, "serve", "--port", str(server.port)],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=BOUND,
    )
    assert result.returncode == 2
    assert f"port {server.port} is already in use on 127.0.0.1; choose another with --port" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "signum, code, ignored",
    [(signal.SIGINT, 130, False), (signal.SIGTERM, 143, False), (signal.SIGINT, 130, True)],
    ids=["ctrl-c", "sigterm", "ctrl-c started with SIGINT ignored"],
)
def test_ctrl_c_or_sigterm_stops_it_cleanly(tmp_path, signum, code, ignored):
    project = small_project(tmp_path / "project", ("harbour-electrification",))
    server = Server(project.root, free_port(), started_with_sigint_ignored=ignored)
    server.wait_for(r"^serving ")
    server.wait_for(r"^site: rebuilt")  # stopped while the PDFs are built, or after
    assert server.stop(signum) == code
    rest = server.process.stdout.read() if server.process.stdout else ""
    output = "\n".join(server.seen) + rest
    while not server.lines.empty():
        output += "\n" + server.lines.get()
    assert "Traceback" not in output and "stopped" in output
    with socket.socket() as again:  # the port is free again
        again.bind(("127.0.0.1", server.port))
