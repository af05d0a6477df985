"""The only way any writer reaches a file: inside the project (or the packaged defaults), or refused.

Every picture a brief, an author entry or a collection names goes through `resolve_local` in the
reader; writers use the resolved `Path`s (WeasyPrint additionally goes through
`writers.pdf.fetcher.SandboxFetcher`, which applies the same roots). Nothing is ever fetched:

- `http:`, `https:`, `file:`, protocol-relative `//host/...` and every other scheme are refused.
- `data:` URIs are refused too, even small images: a picture is a file in `content/images/`, so
  that the size cap, the type check and every writer (PDF, EPUB packaging, DOCX) treat it the
  same way, and a brief stays readable text.
- Percent-encoding is decoded, then `..` and symlinks are resolved, then the result must lie in
  content/, layouts/, fonts/ or the packaged defaults (never build/, .venv/ or anything else).
- A picture must be a PNG, JPEG, GIF, WebP or SVG by its bytes (not just its name), at most
  `MAX_IMAGE_BYTES`; an SVG must not script, embed or link to anything (it would be fetched or run
  by a renderer or an e-reader).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from briefexport.project import DEFAULTS_DIR, Project
from briefexport.safety.markup import url_scheme

MAX_IMAGE_BYTES = 10 * 1024 * 1024
PACKAGED_FONTS = (DEFAULTS_DIR / "fonts").resolve()


class Refused(Exception):
    """A resource outside the sandbox, remote, missing, too big or not a picture."""


def project_roots(project: Project) -> list[Path]:
    """The folders the build may read: content/, layouts/ and fonts/ of the project (the root
    resolved once, the folders taken as they are named there) and the packaged defaults.

    The folders themselves are not resolved: a file is inside when its resolved path lies under
    one of them, so a symlink (`fonts -> /`, `layouts/pdf -> /etc`, a brief linked to a file
    elsewhere) never makes anything outside the project "inside"; never build/, .venv/ or
    anything else either. The packaged defaults are ours, not the project's: their folders are
    resolved (in a development install, the packaged fonts/ is a symlink to the repository's)."""
    root = project.root.resolve()
    return [root / "content", root / "layouts", root / "fonts", DEFAULTS_DIR, PACKAGED_FONTS]


def inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def resolve_local(reference: str, base_dir: Path, project: Project) -> Path:
    """A relative reference from `base_dir` -> an existing file inside the project.

    Percent-encoding is decoded and `..` and symlinks are resolved before the check.
    """
    reference = reference.strip()
    if not reference:
        raise Refused("empty path")
    if reference.lower().startswith("data:"):
        raise Refused("`data:` URIs are not used; save the picture in content/images/ and give its path")
    if url_scheme(reference) or reference.startswith(("//", "\\\\")):
        raise Refused("only files inside the project can be used (no URLs: nothing is fetched)")
    decoded = unquote(reference.split("#")[0].split("?")[0])
    if decoded.startswith(("/", "\\")) or url_scheme(decoded):
        raise Refused("absolute paths are not allowed; use a path relative to the brief")
    try:
        path = (base_dir / decoded).resolve()
        if not inside(path, project_roots(project)):
            raise Refused("the path leads outside the project")
        if not path.is_file():
            raise Refused("no such file")
        size = path.stat().st_size
    except (OSError, ValueError, RuntimeError) as exc:  # NUL in the path, name too long, symlink loop
        raise Refused(f"not a usable path ({exc})") from None
    if size > MAX_IMAGE_BYTES:
        raise Refused(
            f"file is {-(-size // (1024 * 1024))} MiB, over the limit of {MAX_IMAGE_BYTES // (1024 * 1024)} "
            "MiB"
        )
    return path


def check_file(path: Path, project: Project) -> Path:
    """An absolute path the pipeline itself made (fonts, layouts): still must be inside the sandbox."""
    resolved = Path(path).resolve()
    if not inside(resolved, project_roots(project)) or not resolved.is_file():
        raise Refused(f"{path} is outside the project or missing")
    return resolved
