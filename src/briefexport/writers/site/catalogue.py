"""The files that point at the library from outside: each page of the Atom feed and the OPDS
catalogue (lists.Feed, written by feeds.py), and, when the library knows its address,
sitemap.xml and robots.txt."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from lxml import etree

from briefexport.writers.shared.layout import Layout
from briefexport.writers.site import address, feeds
from briefexport.writers.site.browse import Listing
from briefexport.writers.site.feeds import DC, HISTORY, OPDS, OPDS_ACQUISITION, OPDS_NAVIGATION, element
from briefexport.writers.site.lists import Feed
from briefexport.writers.site.views import count_text

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def linker(page, layout: Layout):
    """Site path -> link from this feed: absolute with the library's address, else relative."""
    base = address.site_url(layout)
    return (lambda path: address.absolute(base, path)) if base else (lambda path: page.root + path)


def _id(kind: str, layout: Layout) -> str:
    brand = layout.brand
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'briefexport:site:{kind}:{brand.url or brand.name}')}"


def feed(page, layout: Layout, listed, shelf_entry) -> bytes:
    spec: Feed = page.subject
    library, href = page.library, linker(page, layout)
    entries = [listed(library, b, "", layout) for b in spec.briefs]
    dates = [b.meta.date for b in spec.briefs] or [b.meta.date for b in library.briefs[:1]]
    updated = max(dates) if dates else None
    name = layout.brand.name
    if spec.kind in ("atom", "archive"):
        node = feeds.head(
            layout, "atom", name, updated, href(page.name), "application/atom+xml", {"fh": HISTORY}
        )
        element(node, "link", rel="alternate", href=href("index.html"), type="text/html")
        element(node, "generator", "briefexport")
        if spec.kind == "archive":
            element(node, "archive", namespace=HISTORY)
            element(node, "link", rel="current", href=href("feed.xml"), type="application/atom+xml")
            if spec.number < spec.total:
                element(node, "link", rel="next-archive", href=href(spec.name(spec.number + 1)))
        previous = spec.number - 1 if spec.kind == "archive" else spec.total
        if previous >= 1:
            element(node, "link", rel="prev-archive", href=href(Feed("archive", "", []).name(previous)))
        for entry in entries:
            feeds.brief_entry(node, entry, href, opds=False)
        return feeds.serialize(node)
    nsmap = {"dc": DC, "opds": OPDS}
    labels = layout.labels("en")
    if spec.kind == "opds-root":
        node = feeds.head(layout, "opds", name, updated, href("opds.xml"), OPDS_NAVIGATION, nsmap)
        element(node, "link", rel="start", href=href("opds.xml"), type=OPDS_NAVIGATION)
        for title, target, kind, count in spec.entries:
            ident = f"{_id('opds', layout)}:{target}"
            feeds.navigation_entry(node, ident, title, updated, href(target), kind, count_text(count, labels))
        return feeds.serialize(node)
    navigation = spec.kind == "opds-nav"
    kind_type = OPDS_NAVIGATION if navigation else OPDS_ACQUISITION
    node = feeds.head(layout, f"opds:{spec.base}", spec.title, updated, href(page.name), kind_type, nsmap)
    element(node, "link", rel="start", href=href("opds.xml"), type=OPDS_NAVIGATION)
    element(node, "link", rel="up", href=href("opds.xml"), type=OPDS_NAVIGATION)
    if spec.total > 1:
        element(node, "link", rel="first", href=href(spec.name(1)), type=kind_type)
        element(node, "link", rel="last", href=href(spec.name(spec.total)), type=kind_type)
    if spec.number > 1:
        element(node, "link", rel="previous", href=href(spec.name(spec.number - 1)), type=kind_type)
    if spec.number < spec.total:
        element(node, "link", rel="next", href=href(spec.name(spec.number + 1)), type=kind_type)
    if navigation:
        for listing, target in spec.entries:
            assert isinstance(listing, Listing)
            newest = max(b.meta.date for b in listing.briefs)
            ident = f"{_id('opds', layout)}:{listing.folder}"
            text = count_text(listing.count, labels)
            feeds.navigation_entry(node, ident, listing.name, newest, href(target), "acquisition", text)
        return feeds.serialize(node)
    if spec.shelf is not None and spec.number == 1:
        feeds.shelf_entry(node, shelf_entry(library, spec.shelf, "", layout), href, name)
    for entry in entries:
        feeds.brief_entry(node, entry, href, opds=True)
    return feeds.serialize(node)


def sitemap(page, layout: Layout) -> bytes:
    """Every HTML page at its public address (a web edition with its brief's date)."""
    base = address.site_url(layout)
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP})
    for name, modified in page.subject:
        url = etree.SubElement(urlset, f"{{{SITEMAP}}}url")
        etree.SubElement(url, f"{{{SITEMAP}}}loc").text = address.absolute(base, name)
        if modified:
            etree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = modified
    return etree.tostring(urlset, xml_declaration=True, encoding="utf-8", pretty_print=True)


def robots(page, layout: Layout) -> bytes:
    base = address.site_url(layout)
    lines = []
    if urlsplit(base).path not in ("", "/"):
        lines += [
            "# Crawlers read robots.txt only at the root of a host: where the library is in a",
            "# folder of a larger site, put these lines into that site's /robots.txt.",
        ]
    lines += ["User-agent: *", "Allow: /", f"Sitemap: {base}sitemap.xml", ""]
    return "\n".join(lines).encode("utf-8")
