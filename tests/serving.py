"""`briefexport serve` run as a user runs it, for the preview's tests: a subprocess on a free port,
its terminal output collected line by line, requests sent as written (http.client does not
normalise paths), with the Host and Origin a test chooses."""

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

BOUND = 180  # seconds: a bound against hanging on a loaded machine, not a speed target
COMMAND = str(Path(sys.executable).parent / "briefexport")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


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

    def output(self) -> list[str]:
        """Every line printed so far (those a wait_for has not read yet included)."""
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.seen

    def response(
        self, path: str, headers: list[tuple[str, str]] | None = None, address: str = "127.0.0.1"
    ) -> http.client.HTTPResponse:
        """A GET as sent, with `headers`; a Host naming the address and port unless they name one."""
        connection = http.client.HTTPConnection(address, self.port, timeout=BOUND)
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        headers = list(headers or [])
        if not any(name.lower() == "host" for name, _ in headers):
            headers.insert(
                0, ("Host", f"[{address}]:{self.port}" if ":" in address else f"{address}:{self.port}")
            )
        for name, value in headers:
            if value is not None:  # None: a header left out
                connection.putheader(name, value)
        connection.endheaders()
        return connection.getresponse()

    def get(self, path: str, **kwargs) -> tuple[int, bytes]:
        response = self.response(path, **kwargs)
        body = response.read()
        response.close()
        return response.status, body

    def events(self, path: str = "/__briefexport/events", **kwargs):
        """The reload channel, as a browser's EventSource reads it: yields event names."""
        response = self.response(path, **kwargs)
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
