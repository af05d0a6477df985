"""The only way any writer reaches a file: inside the project (or the packaged defaults), or refused."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from briefexport.project import DEFAULTS_DIR, Project

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
MAX_IMAGE_BYTES = 10 * 1024 * 1024


class Refused(Exception):
    """A resource outside the sandbox, remote, or missing."""


def allowed_roots(project: Project) -> list[Path]:
    """content/, layouts/, fonts/ and the packaged defaults; never build/, .venv/ or anything else."""
    roots = [project.content, project.root / "layouts", *project.font_dirs(), DEFAULTS_DIR]
    return [root.resolve() for root in roots]


def inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def resolve_local(reference: str, base_dir: Path, project: Project) -> Path:
    """A relative reference from `base_dir` -> an existing file inside the project.

    Percent-encoding is decoded and `..` and symlinks are resolved before the check.
    """
    if not reference:
        raise Refused("empty path")
    if _SCHEME.match(reference) or reference.startswith("//"):
        raise Refused("only files inside the project can be used (no URLs: nothing is fetched)")
    decoded = unquote(reference.split("#")[0].split("?")[0])
    if decoded.startswith("/") or decoded.startswith("\\"):
        raise Refused("absolute paths are not allowed; use a path relative to the brief")
    path = (base_dir / decoded).resolve()
    if not inside(path, allowed_roots(project)):
        raise Refused("the path leads outside the project")
    if not path.is_file():
        raise Refused("no such file")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise Refused(f"file is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")
    return path


def check_file(path: Path, project: Project) -> Path:
    """An absolute path the pipeline itself made (fonts, layouts): still must be inside the sandbox."""
    resolved = Path(path).resolve()
    if not inside(resolved, allowed_roots(project)) or not resolved.is_file():
        raise Refused(f"{path} is outside the project or missing")
    return resolved
