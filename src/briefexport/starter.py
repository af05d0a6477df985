"""`briefexport init`: a working starter project (one brief, its author, a collection, a picture,
a brand, a README and a Makefile), copied from the package's defaults/starter/.

It builds into every format with no edits and no warnings (tests/test_init.py). It never writes
into a folder that holds anything unless asked to (`force`), and even then never replaces a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from briefexport.project import DEFAULTS_DIR

STARTER = DEFAULTS_DIR / "starter"
RENAMED = {"gitignore": ".gitignore"}  # dot files are not reliably shipped as package data


class InitProblem(Exception):
    """The folder cannot take a starter project (a usage problem: exit 2)."""


class NotEmpty(InitProblem):
    """The folder already holds files, and `force` was not given."""


@dataclass
class Started:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there: never replaced


def starter_files() -> list[tuple[Path, Path]]:
    """(packaged file, path inside the new project), in a stable order."""
    found = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_file():
            relative = source.relative_to(STARTER)
            found.append((source, relative.with_name(RENAMED.get(relative.name, relative.name))))
    return found


def init(dest: Path, force: bool = False) -> Started:
    """Copy the starter files into `dest`; InitProblem when the folder cannot take them, with what
    was written before that still in place (and no half-written file)."""
    dest = Path(dest)
    try:
        if dest.exists() and not dest.is_dir():
            raise NotEmpty(f"{dest}: not a folder")
        if dest.is_dir() and any(dest.iterdir()) and not force:
            raise NotEmpty(
                f"{dest} is not empty; use --force to add the starter files that are missing "
                "(existing files are never replaced)"
            )
    except OSError as exc:
        raise InitProblem(f"cannot read {dest}: {exc.strerror or exc}") from None
    started = Started()
    for source, relative in starter_files():
        target = dest / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # /proc/x, a read-only folder, a file in the way
            raise InitProblem(f"cannot create {target.parent}: {exc.strerror or exc}") from None
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # never replaces a file
        except FileExistsError:
            started.kept.append(target)
            continue
        except OSError as exc:
            raise InitProblem(f"cannot write {target}: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(source.read_bytes())
        except OSError as exc:  # a full disk: the half-written file goes, the finished ones stay
            target.unlink(missing_ok=True)
            raise InitProblem(f"cannot write {target}: {exc.strerror or exc}") from None
        started.written.append(target)
    return started
