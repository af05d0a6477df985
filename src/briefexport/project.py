"""Find the project root and what content it holds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"


class ProjectNotFound(Exception):
    pass


def find_root(start: Path | None = None) -> Path:
    """The nearest ancestor of `start` holding `content/`, as git finds `.git`."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError as exc:  # the current folder was removed (or cannot be read) under the shell
        raise ProjectNotFound(
            f"cannot tell where the project is: {exc.strerror or exc}; use --project DIR"
        ) from None
    for candidate in (here, *here.parents):
        if (candidate / "content").is_dir():
            return candidate
    raise ProjectNotFound(f"no content/ folder in {here} or any parent; use --project DIR")


def _reason(exc: BaseException) -> str:
    """Why a path cannot be used: the system's words, or a symlink loop (Path.resolve() raises
    RuntimeError for one before Python 3.13)."""
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else "a symbolic link loop"


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: Path | str) -> Project:
        try:
            path = Path(root).resolve()
            found = (path / "content").is_dir()
        except (OSError, RuntimeError) as exc:  # unreadable, a name too long, a symlink loop
            raise ProjectNotFound(f"{root}: cannot be used as the project ({_reason(exc)})") from None
        if not found:
            raise ProjectNotFound(f"{path} has no content/ folder")
        return cls(path)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def briefs_dir(self) -> Path:
        return self.content / "briefs"

    @property
    def collections_dir(self) -> Path:
        return self.content / "collections"

    @property
    def authors_file(self) -> Path:
        return self.content / "authors.yaml"

    @property
    def topics_file(self) -> Path:
        return self.content / "topics.yaml"

    def layout_dirs(self) -> list[Path]:
        """User layouts first, then the packaged defaults: a user overrides file by file."""
        return [d for d in (self.root / "layouts", DEFAULTS_DIR / "layouts") if d.is_dir()]

    def font_dirs(self) -> list[Path]:
        """The project's fonts/, then the packaged fonts; not resolved: a `fonts` symlink leading
        outside the project stays outside (safety.files.project_roots)."""
        return [d for d in (self.root / "fonts", DEFAULTS_DIR / "fonts") if d.is_dir()]

    def briefs(self) -> list[Path]:
        return sorted(self.briefs_dir.glob("*.md")) if self.briefs_dir.is_dir() else []

    def collections(self) -> list[Path]:
        return sorted(self.collections_dir.glob("*.yaml")) if self.collections_dir.is_dir() else []

    def display(self, path: Path | str) -> str:
        """A path as users see it in messages: relative to the project root when inside it."""
        path = Path(path)
        try:
            # abspath, not resolve: a symlinked brief is shown by its own name, not its target's
            return os.path.relpath(os.path.abspath(path), self.root) if path.is_absolute() else str(path)
        except ValueError:
            return str(path)
