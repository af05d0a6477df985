"""The output folder: made when missing, held by one build at a time, and refused with a usage
problem (exit 2) when it cannot be one: a file or a device in its place (`--out /dev/null`), a
folder that cannot be made (`/proc/x`), a read-only or full file system, a symlink loop."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from briefexport.builder.plan import UsageProblem
from briefexport.builder.stopping import Busy, locked


def reason(exc: BaseException) -> str:
    """An OSError as a person reads it ("Read-only file system"), without errno or path."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, RuntimeError):  # Path.resolve() before Python 3.13
        return "a symbolic link loop"
    return str(exc)


def resolved(out: Path) -> Path:
    """The folder's absolute path, symlinks followed; a loop of links is a usage problem."""
    try:
        return Path(out).resolve()
    except (OSError, RuntimeError) as exc:
        raise UsageProblem(f"{out}: cannot be the output folder ({reason(exc)})") from None


def made(out: Path, shown: str) -> None:
    """`out` is a folder (made if missing, with its parents), or a usage problem says why not."""
    try:
        if out.exists() and not out.is_dir():
            raise UsageProblem(f"{shown}: not a folder; give an output folder with --out")
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # /proc/x, a name too long, a folder that cannot be read
        raise UsageProblem(f"cannot create the output folder {shown}: {reason(exc)}") from None


@contextlib.contextmanager
def writing_into(out: Path, shown: str, on_busy: Callable[[Busy], None] | None = None) -> Iterator[None]:
    """Hold the output folder for one build (stopping.locked); Busy when another build holds it and
    `on_busy` is not given. Taking the lock is the first write: a folder that refuses it (read-only,
    no space left) is a usage problem before anything in it has changed."""
    made(out, shown)
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(locked(out, on_busy))
        except OSError as exc:
            raise UsageProblem(
                f"cannot write into the output folder {shown}: {reason(exc)} (nothing in it was changed)"
            ) from None
        yield


def usable(out: Path, shown: str) -> Path:
    """Check, before a long-running command starts (the live preview), that `out` can be written:
    made, and its lock taken and given back once. A build holding it now proves it writable."""
    out = resolved(out)
    with contextlib.suppress(Busy), writing_into(out, shown):
        pass
    return out
