"""WeasyPrint's URL fetcher, limited to files inside the project: nothing is fetched from the network.

Every URL WeasyPrint wants (pictures, stylesheets, @import, @font-face, url() in CSS, resources
inside SVG pictures) comes here: only `file:` URLs whose resolved path lies in the project's
folders (safety.files.project_roots) are served, and a picture only if the one picture rule
(safety.pictures) accepts it; http(s), data:, redirects and everything else are refused and
recorded in `refused`, for the writer to report as errors.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from briefexport.project import Project
from briefexport.safety.files import Refused, inside, project_roots
from briefexport.safety.pictures import MEDIA_TYPES, check_picture

_TYPES = {
    **MEDIA_TYPES,
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class SandboxFetcher(URLFetcher):
    def __init__(self, project: Project | None = None, roots: tuple[Path, ...] | None = None):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        if roots is None:  # the project's roots; neither given: nothing is inside (fails closed)
            roots = tuple(project_roots(project)) if project is not None else ()
        self.roots = list(roots)
        self.refused: list[tuple[str, str]] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url, "only files inside the project are used; nothing is fetched")
        try:
            path = Path(url2pathname(parts.path)).resolve()  # `..`, percent-encoding and symlinks
            allowed = inside(path, self.roots)
            data = path.read_bytes() if allowed and path.is_file() else None
        except (OSError, ValueError, RuntimeError) as exc:  # NUL in the path, symlink loop, unreadable
            return self._refuse(url, f"not a usable path ({exc})")
        if not allowed:
            return self._refuse(url, "the path leads outside the project")
        if data is None:
            return self._refuse(url, "no such file")
        if path.suffix.lower() in MEDIA_TYPES:
            try:
                check_picture(path)
            except Refused as exc:
                return self._refuse(url, str(exc))
        return URLFetcherResponse(
            path.as_uri(), data, {"Content-Type": _TYPES.get(path.suffix.lower(), "application/octet-stream")}
        )

    def _refuse(self, url: str, why: str):
        self.refused.append((url, why))
        raise ValueError(f"refused: {url}")
