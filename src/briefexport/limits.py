"""Time limits: pathological input or a layout loop must stop with a located error, not hang a build."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PARSE_TIME_LIMIT = (
    15  # seconds to read one brief's body, well above the worst known inputs under the size cap
)
RENDER_TIME_LIMIT = 120  # seconds to render one output
TEMPLATE_TIME_LIMIT = 30  # seconds to render one layout template (inside the output's limit)


class TimeLimitExceeded(BaseException):
    """A BaseException, so the `except Exception` blocks inside WeasyPrint or Jinja cannot swallow it.
    `limit` is the token of the `time_limit` that ran out (limits nest)."""

    def __init__(self, limit: object = None):
        super().__init__()
        self.limit = limit


@contextmanager
def time_limit(seconds: float) -> Iterator[object]:
    """SIGALRM-based limit (main thread only; elsewhere, no limit rather than a crash). Yields a
    token that the TimeLimitExceeded it raises carries, so that nested limits (a template's inside
    an output's) each know their own.

    The timer re-fires every half second after the limit, in case some code swallowed the first.
    An enclosing limit keeps running: when it ends first, its own handler raises, and when this
    one ends, the enclosing one is set again to what is left of it."""
    token = object()
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield token
        return
    outer_handler = signal.getsignal(signal.SIGALRM)
    outer_left, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if not callable(outer_handler):
        outer_left = 0.0
    ours = not outer_left or seconds < outer_left
    started = time.monotonic()

    def _expired(signum, frame):
        if ours:
            raise TimeLimitExceeded(token)
        if callable(outer_handler):  # else outer_left was 0, and ours is True
            outer_handler(signum, frame)

    signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds if ours else outer_left, 0.5)
    try:
        yield token
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_left:
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), outer_interval or 0.5)
