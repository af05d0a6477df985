"""Time limits: pathological input or a layout loop must stop with a located error, not hang a build."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PARSE_TIME_LIMIT = (
    15  # seconds to read one brief's body, well above the worst known inputs under the size cap
)
RENDER_TIME_LIMIT = 120  # seconds to render one output


class TimeLimitExceeded(BaseException):
    """A BaseException, so the `except Exception` blocks inside WeasyPrint or Jinja cannot swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM-based limit (main thread only; elsewhere, no limit rather than a crash).

    The timer re-fires every half second after the limit, in case some code swallowed the first."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expired(signum, frame):
        raise TimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
