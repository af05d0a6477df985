"""Which requests the preview answers: those addressed to this machine by its loopback names.

Binding to the loopback interface keeps other machines out, but not other web sites: a page the
author visits can point a name of its own at 127.0.0.1 (DNS rebinding) and then read the preview,
drafts and reload stream included, as its own origin. Such a request names the attacker's host in
its `Host` header, so only `127.0.0.1`, `localhost` and `[::1]` are answered (any port: an SSH
tunnel or a port forward keeps the name and changes the port). The reload stream also refuses a
page of another origin (a cross-origin EventSource sends `Origin`; a same-origin one need not).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

NAMES = ("127.0.0.1", "localhost", "[::1]")
_HOST = re.compile(r"(127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?", re.IGNORECASE)
_ORIGIN_HOSTS = ("127.0.0.1", "localhost", "::1")  # as urlsplit().hostname gives them


def host_port(host: str | None) -> tuple[bool, int | None]:
    """Whether a `Host` header names this machine, and the port it names (None when it names none)."""
    match = _HOST.fullmatch(host.strip()) if host else None
    if match is None:
        return False, None
    return True, int(match[2]) if match[2] else None


def origin_allowed(origin: str, server_port: int, host_port: int | None) -> bool:
    """Whether an `Origin` is a page of this preview: http, a loopback name, and the port the
    server listens on (or the one the browser addressed, through a tunnel)."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port or 80
    except ValueError:  # a port out of range, a malformed address
        return False
    return (
        parts.scheme == "http"
        and parts.hostname in _ORIGIN_HOSTS
        and not (parts.username or parts.password or parts.path or parts.query or parts.fragment)
        and port in {server_port, host_port}
    )
