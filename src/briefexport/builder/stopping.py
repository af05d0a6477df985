"""Stopping a build cleanly: the signals that stop it, and the lock that keeps a second build out of
the same output folder.

SIGINT (Ctrl-C), SIGTERM (CI cancellations, `timeout`, systemd and container stops) and SIGHUP (a
closed terminal) are caught for the duration of a build and turned into `Stopped`: the runner
then kills its workers, waits for them, and the build records what it finished and returns.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeAlias

from briefexport.atomic import pid_alive

try:
    import fcntl

    HAVE_FLOCK = True
except ImportError:  # not POSIX: the lock falls back to an exclusive create and the holder's pid
    HAVE_FLOCK = False

LOCK_NAME = ".briefexport.lock"
WAIT_POLL_SECONDS = 0.25  # without fcntl, how often a waiting build looks at the pid file again
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


_Handler: TypeAlias = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


class Stopped(BaseException):
    """A stop signal arrived. A BaseException, so no `except Exception` in a writer swallows it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class StopSignals:
    """Catches the stop signals while a build runs (main thread only; elsewhere, nothing is caught).

    A signal only sets `signum`; the build checks it between steps. Inside `interruptible()` (a
    render in this process, reading the sources) it raises `Stopped` at once instead."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled and threading.current_thread() is threading.main_thread()
        self.signum: int | None = None
        self._raise = False
        self._previous: dict[int, _Handler] = {}

    def __enter__(self) -> StopSignals:
        if self.enabled:
            for signum in STOP_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

    def _handle(self, signum: int, frame) -> None:
        if self.signum is None:
            self.signum = signum
        if self._raise:
            self._raise = False
            raise Stopped(signum)

    def check(self) -> None:
        if self.signum is not None:
            raise Stopped(self.signum)

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        self.check()
        self._raise = True
        try:
            yield
        finally:
            self._raise = False


class Busy(Exception):
    """Another build is writing into the same output folder; `holder` is its pid ("unknown" when
    its lock file does not say)."""

    def __init__(self, message: str, holder: str = "unknown"):
        super().__init__(message)
        self.holder = holder


_held: list[int] = []  # the lock's file descriptor, while this process holds it


def _close_in_child() -> None:
    """A forked worker must not keep the lock alive after its build has ended."""
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


def _holder(path: Path) -> str:
    try:
        text = path.read_text().strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"


def _busy(out: Path, path: Path) -> Busy:
    holder = _holder(path)
    return Busy(
        f"{out} is being written by another build (pid {holder}); wait for it to finish, "
        f"or stop it, then build again",
        holder,
    )


@contextmanager
def locked(out: Path, on_busy: Callable[[Busy], None] | None = None) -> Iterator[None]:
    """Hold `out/.briefexport.lock` (holding our pid) for the duration of a build, or raise Busy;
    with `on_busy`, call it once and wait for the other build instead (the live preview).

    The lock is an flock on the file: the kernel drops it when its holder dies however it dies, so
    the lock of a dead build is simply taken over. Without fcntl, the file's pid decides. OSError
    when the folder cannot hold the lock (read-only, full, not a folder)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    if not HAVE_FLOCK:
        yield from _locked_by_pid(out, path, on_busy)
        return
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if on_busy is None:
                os.close(fd)
                raise _busy(out, path) from None
            try:
                on_busy(_busy(out, path))
                on_busy = _said  # once per wait, even when the lock changes hands meanwhile
                fcntl.flock(fd, fcntl.LOCK_EX)  # interrupted by Ctrl-C like any wait
            except BaseException:
                os.close(fd)
                raise
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # its holder removed the file between our open and our lock: lock the new one
    _held.append(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        path.unlink(missing_ok=True)  # while still holding it, so nobody locks a removed file
        _held.remove(fd)
        os.close(fd)


def _said(busy: Busy) -> None:
    """What a waiting lock calls after it has said it waits once."""


def _locked_by_pid(out: Path, path: Path, on_busy: Callable[[Busy], None] | None = None) -> Iterator[None]:
    tries = 0
    while tries < 2:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if holder.isdigit() and pid_alive(int(holder)):
                if on_busy is None:
                    raise _busy(out, path) from None
                on_busy(_busy(out, path))
                on_busy = _said
                time.sleep(WAIT_POLL_SECONDS)  # no lock to wait on here: look again
                continue
            path.unlink(missing_ok=True)  # a dead build's lock
            tries += 1
            continue
        try:
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:  # a full disk: no lock left behind
            path.unlink(missing_ok=True)
            raise
        finally:
            os.close(fd)
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
        return
    raise _busy(out, path)
