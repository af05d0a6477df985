"""The library's address, `defaults: briefexport: site: url:` in brand.yml: where the site will be
published (`https://example.org/publications/`). With it the feeds carry absolute links, every page
its canonical URL and Open Graph `og:url` (a brief's `og:image` too), and the site has sitemap.xml
and robots.txt. Without it the site is relative throughout: it works from any folder or path, and
the build says once what it left out (`missing`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from briefexport.errors import ContentError, Diagnostic
from briefexport.writers.shared.layout import Layout

LEFT_OUT = (
    "absolute links in the Atom and OPDS feeds, canonical URLs, og:url and og:image, "
    "sitemap.xml and robots.txt"
)


def site_url(layout: Layout) -> str:
    """The validated address with one trailing slash, or "" when the brand gives none. A URL that
    is not an absolute http(s) address of a host is a located error in brand.yml."""
    site = layout.brand.extra.get("site")
    if site is None:
        return ""
    if not isinstance(site, dict):
        raise _error(
            layout,
            ("site",),
            "`site:` must be a mapping, such as `site: {url: https://example.org/publications/}`",
        )
    unknown = sorted(str(key) for key in site if key != "url")
    if unknown:
        raise _error(layout, ("site", unknown[0]), f"unknown key `{unknown[0]}` under `site:` (only `url:`)")
    url = site.get("url")
    if url is None:
        return ""
    if not isinstance(url, str) or not url.strip():
        raise _error(layout, ("site", "url"), "`site: url:` must be the address the library is published at")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _error(
            layout,
            ("site", "url"),
            f"`{url}`: the library's address must be an absolute http:// or https:// URL, "
            "such as https://example.org/publications/",
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise _error(
            layout, ("site", "url"), f"`{url}`: the library's address takes no query, fragment or user name"
        )
    if any(ch.isspace() or ch in "\"'<>\\" for ch in url):
        raise _error(layout, ("site", "url"), f"`{url}`: spaces, quotes and `<>\\` are not allowed in a URL")
    path = parts.path.rstrip("/") + "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


def _error(layout: Layout, keys: tuple[str, ...], message: str) -> ContentError:
    shown, line = layout.brand_where("defaults", "briefexport", *keys)
    return ContentError(Diagnostic(shown, line, 1 if line else 0, f"brand.yml: {message}"))


def absolute(base: str, path: str) -> str:
    """The public URL of a site file: a folder's `index.html` as the folder (`.../briefs/x/`)."""
    if path == "index.html":
        path = ""
    elif path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return base + path


def missing(layout: Layout) -> Diagnostic | None:
    """The one note a build of a site without an address gives: not a warning, since a relative
    site is a complete one (it works from any folder); it says what the address would add."""
    try:
        if site_url(layout):
            return None
    except ContentError:
        return None  # a wrong address is every page's error
    shown, line = layout.brand_where("defaults", "briefexport")
    return Diagnostic(
        shown,
        line,
        1 if line else 0,
        f"the library has no address (`defaults: briefexport: site: url:`), so it has no {LEFT_OUT}",
        severity="note",
    )
