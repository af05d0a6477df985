"""Outputs are written atomically: a temp file beside the destination, then a rename, so a failed
or killed build never truncates or replaces the last good file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(dest: Path, data: bytes) -> None:
    """Write beside the destination, then rename: a failed build never truncates the last good file.

    The temp file's name carries our pid, so a later build can sweep the leftovers of a killed one
    without touching the temp file of a build that is still running."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temp_files(dest)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sweep_stale_temp_files(dest: Path) -> None:
    for leftover in dest.parent.glob(f".{dest.name}.*.tmp"):
        pid = leftover.name[len(dest.name) + 2:].split(".", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
