"""`briefexport serve`, run as a user runs it (a subprocess on a free port of 127.0.0.1): an edit shows
through the reload channel, a broken brief shows its located error in the page and the terminal,
nothing outside build/site/ is ever sent, only requests for this machine's names are answered
(DNS rebinding) and only its own pages may listen for reloads, a port in use is a usage error,
Ctrl-C stops it cleanly. Time limits here are generous bounds against hanging, not speed assertions
(see `make bench`)."""

from __future__ import annotations

import re
import signal
import socket
import subprocess

import pytest

from conftest import small_project
from serving import BOUND, COMMAND, Server, free_port, has_ipv6_loopback

pytestmark = pytest.mark.slow  # each test starts `briefexport serve`, which builds the whole library

BRIEFS = ("harbour-electrification", "grid-storage-auctions")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve") / "project"
    project = small_project(root, BRIEFS)
    server = Server(root, free_port())
    try:
        server.wait_for(r"^serving build/site at http://127\.0\.0\.1:\d+/ ")
        server.wait_for(r"^downloads: rebuilt \d+ file\(s\)")  # the first build, with its PDFs
        yield server, project
    finally:
        server.stop()


def test_serves_the_site_with_a_reload_listener_the_built_site_does_not_have(served):
    server, project = served
    status, body = server.get("/")
    assert status == 200 and b"<h1>Publications</h1>" in body
    assert b'new EventSource("/__briefexport/events?since=' in body
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


# --- this machine only: the Host a request names, the Origin of a page on the reload stream ----


def test_a_refused_host_is_said_once_in_the_terminal(served):
    """The first few names refused are said (before the many names of the test below)."""
    server, _ = served
    for _ in range(3):
        assert server.get("/", headers=[("Host", "rebound.example:80")])[0] == 421
    server.wait_for(r"^refused a request for 'rebound\.example:80': the preview answers only")
    assert server.get("/")[0] == 200  # a request the terminal reports after the refused ones
    said = [line for line in server.output() if "rebound.example" in line]
    assert len(said) == 1


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",  # DNS rebinding: the attacker's name, pointed at 127.0.0.1
        "evil.example",
        "127.0.0.1.evil.example:{port}",
        "localhost.evil.example:{port}",
        "app.localhost:{port}",
        "127.0.0.2:{port}",
        "0.0.0.0:{port}",
        "[::2]:{port}",
        "[::ffff:127.0.0.1]:{port}",
        "192.168.1.20:{port}",
        "localhost:{port}@evil.example",
        "localhost:{port}:{port}",
        "localhost:",
        "",
    ],
)
@pytest.mark.parametrize("path", ["/", "/__briefexport/events", "/briefs/harbour-electrification/index.html"])
def test_a_request_for_another_host_is_refused_in_one_line(served, host, path):
    server, _ = served
    named = host.format(port=server.port)
    response = server.response(path, headers=[("Host", named)])
    body = response.read()
    assert response.status == 421, (named, body[:200])
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert body.decode().endswith("\n") and body.count(b"\n") == 1
    assert b"answers only requests for 127.0.0.1, localhost or [::1]" in body
    assert b"Publications" not in body and b"harbour" not in body.lower()


@pytest.mark.parametrize("hosts", [[None], ["127.0.0.1:{port}", "evil.example:{port}"]], ids=["none", "two"])
def test_a_request_without_one_host_is_refused(served, hosts):
    server, _ = served
    headers = [("Host", host and host.format(port=server.port)) for host in hosts]
    status, body = server.get("/", headers=headers)
    assert status == 400 and body == b"a request names exactly one Host\n"


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:{port}",
        "localhost:{port}",
        "LocalHost:{port}",
        "[::1]:{port}",
        "127.0.0.1",
        "localhost",
        "[::1]",
    ],
)
def test_this_machine_by_any_of_its_names_is_served(served, host):
    server, _ = served
    status, body = server.get("/", headers=[("Host", host.format(port=server.port))])
    assert status == 200 and b"<h1>Publications</h1>" in body


@pytest.mark.skipif(not has_ipv6_loopback(), reason="no IPv6 loopback on this machine")
def test_it_listens_on_the_ipv6_loopback_too(served):
    """`localhost` may resolve to ::1 first: the preview is there, not another program."""
    server, _ = served
    assert any(
        re.match(
            rf"^serving build/site at http://127\.0\.0\.1:{server.port}/ \(also localhost, \[::1\]\)", line
        )
        for line in server.output()
    )
    status, body = server.get("/", address="::1")
    assert status == 200 and b"<h1>Publications</h1>" in body
    server.events(address="::1")  # the reload stream answers there too (events() checks it)


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "http://evil.example:{port}",
        "http://localhost:{port}.evil.example",
        "https://localhost:{port}",
        "http://localhost:{other}",
        "http://127.0.0.1:{port}/",
        "http://user@localhost:{port}",
        "http://localhost:99999",
        "null",
        "",
    ],
)
def test_the_reload_stream_refuses_a_page_of_another_origin(served, origin):
    server, _ = served
    named = origin.format(port=server.port, other=server.port + 1)
    response = server.response("/__briefexport/events", headers=[("Origin", named)])
    body = response.read()
    assert response.status == 403, named
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert body.startswith(b"the reload stream is for pages of this preview only") and body.count(b"\n") == 1


@pytest.mark.parametrize(
    "origin", ["http://127.0.0.1:{port}", "http://localhost:{port}", "http://[::1]:{port}"]
)
def test_the_reload_stream_serves_the_preview_s_own_pages(served, origin):
    server, project = served
    events = server.events(headers=[("Origin", origin.format(port=server.port))])
    brief = project.briefs_dir / "grid-storage-auctions.md"
    brief.write_text(brief.read_text() + "\nA sentence the reload stream announces.\n")
    assert next(events) == "reload"
    server.wait_for(r"^downloads: rebuilt")


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
