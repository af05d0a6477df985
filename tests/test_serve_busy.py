"""`briefexport serve` outlives what stops one of its builds: a `briefexport build` holding the
output folder is waited for (said once, in the terminal and on the page), then the edit shows; a
rebuild that fails is reported the same way and the preview keeps serving the last site built.
Time limits are bounds against hanging, not speed assertions."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from briefexport.builder.stopping import LOCK_NAME, locked
from conftest import small_project
from serving import BOUND, COMMAND, Server, free_port

pytestmark = pytest.mark.slow  # each test starts `briefexport serve`, which builds the whole library

BRIEF = "harbour-electrification"


@pytest.fixture
def serving(tmp_path):
    project = small_project(tmp_path / "project", (BRIEF,))
    server = Server(project.root, free_port())
    try:
        server.wait_for(r"^downloads: rebuilt")  # the first build, with its PDF
        yield server, project
    finally:
        server.stop()
    assert "Traceback" not in "\n".join(server.output())


def held_by_a_stopped_build(project) -> subprocess.Popen:
    """`briefexport build` in another terminal, stopped (SIGSTOP) while it holds the output folder."""
    lock = project.root / "build" / LOCK_NAME
    build = subprocess.Popen(
        [COMMAND, "build", "--force", "--jobs", "1"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + BOUND
    while not (lock.is_file() and lock.read_text().strip() == str(build.pid)):
        assert build.poll() is None and time.monotonic() < deadline, "the build never held the folder"
        time.sleep(0.005)
    build.send_signal(signal.SIGSTOP)
    assert lock.read_text().strip() == str(build.pid)  # still held: a --force build takes seconds
    return build


def test_a_build_holding_the_output_folder_is_waited_for_then_the_edit_shows(serving):
    server, project = serving
    build = held_by_a_stopped_build(project)
    try:
        events = server.events()
        brief = project.briefs_dir / f"{BRIEF}.md"
        brief.write_text(
            brief.read_text().replace("second-largest container port", "second-busiest container port")
        )
        said = (
            f"waiting for another build (pid {build.pid}) to finish writing build/; "
            "the preview rebuilds after it"
        )
        assert server.wait_for(r"^waiting for another build") == said
        assert next(events) == "reload"  # the open pages show it too
        status, body = server.get("/")
        assert status == 200 and b'<div id="briefexport-status" role="status"' in body
        assert said.encode() in body
        time.sleep(1)  # still waiting, still serving
        assert server.process.poll() is None and server.get("/")[0] == 200
    finally:
        build.send_signal(signal.SIGCONT)
    assert build.wait(timeout=BOUND) == 0, build.stderr.read()
    server.wait_for(r"^site: rebuilt")
    status, body = server.get(f"/briefs/{BRIEF}/index.html")
    assert status == 200 and b"second-busiest container port" in body
    assert b"briefexport-status" not in body
    assert server.process.poll() is None
    assert sum(line.startswith("waiting for another build") for line in server.output()) == 1


def test_the_first_build_waits_too_and_the_first_page_says_so(tmp_path):
    project = small_project(tmp_path / "project", (BRIEF,))
    out = project.root / "build"
    with locked(out):  # another build (this test's process) holds the output folder from the start
        server = Server(project.root, free_port())
        try:
            server.wait_for(r"^waiting for another build \(pid \d+\) to finish writing build/")
            status, body = server.get("/")
            assert status == 503
            assert b"<h1>Waiting for another build</h1>" in body
            assert b'new EventSource("/__briefexport/events?since=' in body
            events = server.events()
        except BaseException:
            server.stop()
            raise
    try:
        assert next(events) == "reload"
        status, body = server.get("/")
        assert status == 200 and b"<h1>Publications</h1>" in body
    finally:
        server.stop()


def test_a_rebuild_that_fails_is_reported_and_the_preview_keeps_serving(serving):
    server, project = serving
    events = server.events()
    in_the_way = project.root / "build" / "site" / "briefs" / "harbour-extra"
    in_the_way.write_text("a file where the new brief's web edition goes\n")
    original = (project.briefs_dir / f"{BRIEF}.md").read_text()
    extra = project.briefs_dir / "harbour-extra.md"
    extra.write_text(original.replace("number: ", "number: X-", 1))
    said = (
        "error: the rebuild failed: build/site/briefs/harbour-extra: a file is in the way of a folder "
        "the build makes; still serving the last site built"
    )
    assert server.wait_for(r"^error: the rebuild failed") == said
    assert next(events) == "reload"
    status, body = server.get("/")
    assert status == 200 and b"<h1>Publications</h1>" in body
    assert b'<div id="briefexport-errors" role="alert"' in body and said.encode() in body
    assert server.process.poll() is None

    in_the_way.unlink()
    extra.write_text(extra.read_text() + "\nSaved again once the file was out of the way.\n")
    server.wait_for(r"^site: rebuilt")
    status, body = server.get("/briefs/harbour-extra/")
    assert status == 200 and b"Saved again once the file was out of the way." in body
    assert b"briefexport-errors" not in body
