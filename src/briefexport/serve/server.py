"""The preview's HTTP side: files of build/site/ and the reload stream, to this machine only.

It listens on 127.0.0.1 and, where the machine has IPv6, on [::1] at the same port: `localhost`
resolves to either, and a browser that tries [::1] first must not reach another program there.
Every request must name one of those in its Host header (serve/hosts.py: DNS rebinding), and until
the first build is done a request waits for it, so the first page opened is never a 404."""

from __future__ import annotations

import errno
import mimetypes
import queue
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from briefexport.serve import pages
from briefexport.serve.hosts import host_port, origin_allowed
from briefexport.serve.state import Preview

HOST = "127.0.0.1"
HOST6 = "::1"


class PortInUse(Exception):
    """The port asked for is taken (a usage problem: exit 2)."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002  quiet: the terminal shows builds, not requests
        pass

    def do_HEAD(self):
        if self._addressed_here():
            self._send(head_only=True)

    def do_GET(self):
        if not self._addressed_here():
            return
        if urlsplit(self.path).path == pages.EVENTS:
            self._events()
        else:
            self._send(head_only=False)

    def _addressed_here(self) -> bool:
        """Answer only a request that names this machine (hosts.py); refuse others in one line."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1:
            self._plain(HTTPStatus.BAD_REQUEST, "a request names exactly one Host")
            return False
        allowed, _ = host_port(hosts[0])
        if not allowed:
            shown = hosts[0][:100]
            self.server.preview.refused(shown)
            self._plain(
                HTTPStatus.MISDIRECTED_REQUEST,
                f"briefexport serve answers only requests for 127.0.0.1, localhost or [::1], "
                f"not {shown!r}: open http://127.0.0.1:{self.server.port}/",
            )
            return False
        return True

    def _plain(self, status: HTTPStatus, line: str) -> None:
        data = (line + "\n").encode("utf-8", errors="replace")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(data)

    def _html(self, status: HTTPStatus, data: bytes, head_only: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head_only:
            self.wfile.write(data)

    def _send(self, head_only: bool) -> None:
        preview = self.server.preview
        if not preview.wait_until_ready():
            if preview.stopping.is_set():
                self._plain(HTTPStatus.SERVICE_UNAVAILABLE, "briefexport serve is stopping")
            else:
                self._html(HTTPStatus.SERVICE_UNAVAILABLE, pages.waiting(preview), head_only)
            return
        url_path = urlsplit(self.path).path
        path = preview.file_for(url_path)
        if path is None:
            self._html(HTTPStatus.NOT_FOUND, pages.not_found(url_path, preview), head_only)
            return
        if path.name == "index.html" and not url_path.endswith(("/", ".html")):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)  # relative links need the folder's slash
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            data = path.read_bytes()
        except OSError:  # replaced or removed by a build since it was found
            self._html(HTTPStatus.NOT_FOUND, pages.not_found(url_path, preview), head_only)
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".html":
            data, kind = pages.decorate(data, preview), "text/html; charset=utf-8"
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
        origin = self.headers.get("Origin")
        if origin is not None:
            _, port = host_port(self.headers.get("Host"))
            if not origin_allowed(origin, self.server.port, port):
                self._plain(
                    HTTPStatus.FORBIDDEN,
                    f"the reload stream is for pages of this preview only, not of {origin[:100]!r}",
                )
                return
        since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        listener = preview.listen(int(since) if since.isdigit() else None)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b": listening\n\n")
            self.wfile.flush()
            while not preview.stopping.is_set():
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

    def __init__(self, preview: Preview, host: str, port: int):
        self.preview = preview
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)
        self.port = self.server_address[1]


class Servers:
    """The listening sockets (127.0.0.1, and [::1] where there is IPv6), each served in a thread.
    PortInUse when the port cannot be had on either."""

    def __init__(self, preview: Preview, port: int):
        self.preview = preview
        self.servers = [_bind(preview, HOST, port)]
        self.port = self.servers[0].port
        try:
            self.servers.append(_bind(preview, HOST6, self.port))
        except _NoIPv6:
            pass
        except PortInUse:
            self.servers[0].server_close()
            raise
        for server in self.servers:
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()

    @property
    def ipv6(self) -> bool:
        return len(self.servers) > 1

    def close(self) -> None:
        self.preview.stopping.set()
        self.preview.set()  # wake the requests still waiting for the first build
        for server in self.servers:
            server.shutdown()
            server.server_close()


class _NoIPv6(Exception):
    """This machine has no IPv6 loopback: the preview listens on 127.0.0.1 alone."""


def _bind(preview: Preview, host: str, port: int) -> _Server:
    shown = f"[{host}]" if ":" in host else host
    try:
        return _Server(preview, host, port)
    except OSError as exc:
        if ":" in host and exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT, errno.EPROTONOSUPPORT):
            raise _NoIPv6() from None
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} is already in use on {shown}; choose another with --port") from None
        raise PortInUse(f"cannot serve on {shown}:{port}: {exc.strerror or exc}") from None
