"""The preview's first page is never a 404: `briefexport serve` answers as soon as its port is open,
and a request made before the first build has written the library waits for it (the line with
the address says so). A page that is not built yet is a 404 that reloads itself once it is."""

from __future__ import annotations

import re
import time

import pytest

from conftest import small_project
from serving import BOUND, Server, free_port

pytestmark = pytest.mark.slow  # each test starts `briefexport serve`, which builds the whole library

BRIEF = "harbour-electrification"


def test_the_first_page_opened_the_instant_the_port_accepts_is_the_index(tmp_path):
    project = small_project(tmp_path / "project", (BRIEF,))
    assert not (project.root / "build").exists()
    server = Server(project.root, free_port())
    try:
        deadline = time.monotonic() + BOUND
        while True:  # as a browser opened by a script that waits for the port
            try:
                status, body = server.get("/")
                break
            except ConnectionRefusedError:
                assert server.process.poll() is None and time.monotonic() < deadline
                time.sleep(0.002)
        assert status == 200 and b"<h1>Publications</h1>" in body
        assert b'new EventSource("/__briefexport/events?since=' in body
        line = server.wait_for(r"^serving ")
        assert re.fullmatch(
            rf"serving build/site at http://127\.0\.0\.1:{server.port}/ \(also localhost(, \[::1\])?\); "
            r"pages wait for the first build; Ctrl-C stops",
            line,
        )
    finally:
        server.stop()


def opened(server: Server, path: str) -> tuple[int, bytes, str]:
    """A page as a browser opens it: its status, its body, and the reload stream its script opens."""
    status, body = server.get(path)
    stream = re.search(rb'new EventSource\("(/__briefexport/events\?since=\d+)"\)', body)
    assert stream, body
    return status, body, stream[1].decode()


def test_a_page_not_built_yet_is_a_404_that_reloads_itself_once_it_is(tmp_path):
    project = small_project(tmp_path / "project", (BRIEF,))
    server = Server(project.root, free_port())
    try:
        server.wait_for(r"^downloads: rebuilt")  # the first build, with its PDF
        status, body, stream = opened(server, "/briefs/harbour-second/")
        assert status == 404 and b"<title>Not found - briefexport serve</title>" in body
        brief = project.briefs_dir / f"{BRIEF}.md"
        (project.briefs_dir / "harbour-second.md").write_text(
            brief.read_text().replace("number: ", "number: X-", 1)
        )
        while status == 404:  # each reload opens the page again, as the browser does
            assert next(server.events(stream)) == "reload"
            status, body, stream = opened(server, "/briefs/harbour-second/")
        assert status == 200 and b"Shore Power" in body
    finally:
        server.stop()


def test_a_page_that_missed_a_reload_while_opening_its_stream_reloads_at_once(tmp_path):
    """A page sent before a rebuild whose script connects after it: it reloads then. Asked once the
    project is quiet, so that reload can come from nothing else."""
    project = small_project(tmp_path / "project", (BRIEF,))
    server = Server(project.root, free_port())
    try:
        server.wait_for(r"^downloads: rebuilt")
        _, _, stream = opened(server, "/")
        brief = project.briefs_dir / f"{BRIEF}.md"
        brief.write_text(brief.read_text() + "\nA sentence the page has not seen.\n")
        server.wait_for(r"^site: rebuilt")
        server.wait_for(r"^downloads: rebuilt")  # both reloads sent (the line follows the reload)
        assert next(server.events(stream)) == "reload"
    finally:
        server.stop()
