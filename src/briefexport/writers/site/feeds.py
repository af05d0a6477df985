"""The site's feeds, made with lxml (well-formed whatever the text).

- The Atom feed (`feed.xml`): the newest FEED_SIZE briefs, what a feed reader fetches on every
  poll. The older briefs are in archived feeds (RFC 5005, `feeds/archive/<n>.xml`), FEED_SIZE each
  counted from the oldest, so a full archive never changes and caches keep it; the feed links the
  newest archive (`prev-archive`), each archive its neighbours and the feed (`current`). A reader
  that was away, or an archiver, can walk back to the first brief. Per-topic feeds would let a
  reader follow one topic, but leave no way to every brief, and the topic pages do that job.
- The OPDS 1.2 catalogue: a navigation feed at `opds.xml` (newest briefs, by topic, by year, by
  collection) leading to acquisition feeds paged with `first`/`previous`/`next`/`last`, through which
  e-reader apps find the collections' EPUBs and the briefs' PDFs, with covers and thumbnails.

Entry ids are the URNs the EPUBs carry (writers/shared/identifiers.py); every date comes from the
content (a brief's date, a collection's newest brief), so two builds give the same bytes. Links
are absolute when the library knows its address (address.py), else relative to the feed.
"""

from __future__ import annotations

import uuid

from lxml import etree

from briefexport.writers.shared.identifiers import brief_identifier
from briefexport.writers.shared.layout import Layout

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
HISTORY = "http://purl.org/syndication/history/1.0"  # RFC 5005
OPDS_ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPDS_NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
REL_ACQUISITION = "http://opds-spec.org/acquisition"
REL_IMAGE = "http://opds-spec.org/image"
REL_THUMBNAIL = "http://opds-spec.org/image/thumbnail"


def element(parent, tag: str, text: str | None = None, namespace: str = ATOM, **attributes) -> etree._Element:
    node = etree.SubElement(
        parent, f"{{{namespace}}}{tag}", {k: v for k, v in attributes.items() if v is not None}
    )
    if text is not None:
        node.text = text
    return node


def time(date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def head(layout: Layout, kind: str, title: str, updated, self_href: str, self_type: str, nsmap: dict):
    """A feed's element with what every feed says first: id, title, date, author, self link."""
    brand = layout.brand
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, **nsmap})
    seed = f"briefexport:site:{kind}:{brand.url or brand.name}"
    element(feed, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}")
    element(feed, "title", title)
    element(feed, "updated", time(updated) if updated else "1970-01-01T00:00:00Z")
    author = element(feed, "author")
    element(author, "name", brand.name)
    if brand.url:
        element(author, "uri", brand.url)
    element(feed, "link", rel="self", href=self_href, type=self_type)
    return feed


def brief_entry(feed, entry: dict, href, opds: bool) -> None:
    """A brief as a feed entry; `href` makes a site path a link from the feed."""
    brief, meta = entry["brief"], entry["meta"]
    node = element(feed, "entry")
    element(node, "id", brief_identifier(brief))
    element(node, "title", meta.title)
    element(node, "updated", time(meta.date))
    element(node, "published", time(meta.date))
    for author in entry["authors"]:
        element(element(node, "author"), "name", author["name"])
    if meta.summary:
        element(node, "summary", " ".join(meta.summary.split()), type="text")
    for keyword in meta.keywords:
        element(node, "category", term=keyword)
    element(node, "link", rel="alternate", href=href(entry["url"]), type="text/html", hreflang=brief.language)
    if opds:
        element(node, "language", brief.language, DC)
        element(node, "issued", meta.date.isoformat(), DC)
        if entry["thumbnail"]:
            element(node, "link", rel=REL_IMAGE, href=href(entry["thumbnail"]), type="image/png")
            element(node, "link", rel=REL_THUMBNAIL, href=href(entry["thumbnail"]), type="image/png")
        for kind in ("pdf", "print"):
            if entry[kind]:
                element(node, "link", rel=REL_ACQUISITION, href=href(entry[kind]), type="application/pdf")
    elif entry["pdf"]:
        element(node, "link", rel="enclosure", href=href(entry["pdf"]), type="application/pdf")


def shelf_entry(feed, shelf: dict, href, publisher: str) -> None:
    """A collection's EPUB as an OPDS acquisition entry."""
    meta = shelf["meta"]
    node = element(feed, "entry")
    element(node, "id", shelf["identifier"])
    element(node, "title", meta.title)
    newest = max(brief.meta.date for brief in shelf["shelf"].briefs)
    element(node, "updated", time(newest))
    element(element(node, "author"), "name", publisher)
    element(node, "language", meta.language, DC)
    element(node, "issued", newest.isoformat(), DC)
    if meta.description or meta.subtitle:
        element(node, "summary", " ".join((meta.description or meta.subtitle).split()), type="text")
    element(node, "link", rel="alternate", href=href(shelf["url"]), type="text/html")
    if shelf["cover"]:
        element(node, "link", rel=REL_IMAGE, href=href(shelf["cover_full"]), type=shelf["cover_type"])
        element(node, "link", rel=REL_THUMBNAIL, href=href(shelf["cover"]), type="image/png")
    if shelf["epub"]:
        element(node, "link", rel=REL_ACQUISITION, href=href(shelf["epub"]), type="application/epub+zip")


def navigation_entry(feed, ident: str, title: str, updated, target: str, kind: str, summary: str) -> None:
    """An entry of an OPDS navigation feed: a link to another feed of the catalogue."""
    node = element(feed, "entry")
    element(node, "id", ident)
    element(node, "title", title)
    element(node, "updated", time(updated) if updated else "1970-01-01T00:00:00Z")
    if summary:
        element(node, "content", summary, type="text")
    element(
        node,
        "link",
        rel="subsection",
        href=target,
        type=OPDS_NAVIGATION if kind == "navigation" else OPDS_ACQUISITION,
    )


def serialize(feed) -> bytes:
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
