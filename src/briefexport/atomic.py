"""Outputs are written atomically: a temp file beside the destination, then a rename, so a failed
or killed build never truncates or replaces the last good file.

The two steps are separate because they happen in different processes: a worker writes the temp
file, and only the build's own process renames it into place (`commit`). A worker that outlives a
stopped build can then leave at most a temp file behind, never replace an output."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path


def prepare(folder: Path, swept: set[Path]) -> None:
    """Create `folder` and sweep it of the temp files of dead builds, once per run: `swept` is the
    run's set of folders done (builder/context.py), since a sweep lists the whole folder and doing
    it on every write would make a build of N outputs cost N folder listings."""
    if folder in swept:
        return
    folder.mkdir(parents=True, exist_ok=True)
    sweep_stale_temp_files(folder)
    swept.add(folder)


def write_temp(dest: Path, data: bytes) -> Path:
    """The bytes in a temp file beside `dest`, ready to `commit`; nothing is left on failure.

    The temp file's name carries the writer's pid, so a later build can sweep the leftovers of a
    killed one without touching the temp file of a build that is still running."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def link_temp(dest: Path, source: Path) -> Path:
    """`source` under a temp name beside `dest`, ready to `commit`: a hard link, so a file offered
    in two places (a PDF in build/pdf/ and in the site) takes its space once; a copy where the file
    system cannot link (another device, no hard links). Outputs are only ever replaced by a rename,
    never rewritten in place, so the linked copy keeps its bytes when `source` is rebuilt (the new
    file is a new inode); the copy's own key, which holds `source`'s digest, links it again."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".{dest.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    try:
        os.link(source, tmp)
    except OSError:
        try:
            shutil.copyfile(source, tmp)
            os.chmod(tmp, 0o644)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return tmp


def commit(tmp: Path, dest: Path) -> None:
    """Put a finished temp file in place of `dest` (one rename: readers see the old or the new file)."""
    try:
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# Folders write_atomic wrote into in this process (caches, the manifest's folder), swept of dead
# writers' temp files the first time only: a sweep lists the whole folder, a cache is written many
# times a build. Correct across runs by construction: a sweep removes only the temp files of dead
# processes, never an entry, so sweeping a folder once per process rather than once per run
# leaves at most a hidden leftover to the next process's sweep. A build's output folders are
# swept once per run by the builder (builder/context.py: RunContext.swept).
_written_into: set[Path] = set()


def write_atomic(dest: Path, data: bytes) -> None:
    """Write beside the destination, then rename: a failed build never truncates the last good file."""
    prepare(dest.parent, _written_into)
    commit(write_temp(dest, data), dest)


def _temp_owner(name: str) -> str | None:
    """The pid in a temp file's name `.<output name>.<pid>.<random>.tmp`, or None if not ours."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return None
    parts = name[: -len(".tmp")].rsplit(".", 2)
    return parts[1] if len(parts) == 3 and parts[0] != "" else None


def sweep_stale_temp_files(folder: Path) -> None:
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        pid = _temp_owner(name)
        if pid is not None and pid.isdigit() and not pid_alive(int(pid)):
            (folder / name).unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
