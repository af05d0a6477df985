"""The library's address, `defaults: briefexport: site: url:` in brand.yml: where the site will be
published (`https://example.org/publications/`). With it the feeds carry absolute links, every page
its canonical URL and Open Graph `og:url` (a brief's `og:image` too), and the site has sitemap.xml
and robots.txt. Without it the site is relative throughout: it works from any folder or path, and
the build says once what it left out (`missing`).
"""

from __future__ import annotations

from briefexport.errors import ContentError, Diagnostic
from briefexport.writers.shared import brand_values
from briefexport.writers.shared.layout import Layout

LEFT_OUT = (
    "absolute links in the Atom and OPDS feeds, canonical URLs, og:url and og:image, "
    "sitemap.xml and robots.txt"
)


def site_url(layout: Layout) -> str:
    """The address with one trailing slash, or "" when the brand gives none. brand.yml is checked
    when it is read (writers/shared/brand_values.py: a located error there); checked again here
    for a brand read from the cache of a build before that check."""
    site = layout.brand.extra.get("site")
    url = site.get("url") if isinstance(site, dict) else None
    if site is not None and not isinstance(site, dict):
        raise _error(
            layout, ("site",), "site: a mapping with `url:`, the address the library is published at"
        )
    if url is None:
        return ""
    why = brand_values.site_url_problem(url)
    if why:
        raise _error(layout, ("site", "url"), f"site: url: {why}")
    return brand_values.site_url(url)


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
