"""The site's feeds, made with lxml (well-formed whatever the text): an Atom feed of the briefs,
newest first (`feed.xml`), and an OPDS 1.2 acquisition catalogue (`opds.xml`) through which e-reader
apps find the collections' EPUBs and the briefs' PDFs, with covers and thumbnails.

Entry ids are the URNs the EPUBs carry (writers/shared/identifiers.py); every date comes from the
content (a brief's date, a collection's newest brief), so two builds give the same bytes. Links
are relative to the feed, which sits at the site's root: the site works from any folder or path.
"""

from __future__ import annotations

import uuid

from lxml import etree

from briefexport.writers.shared.identifiers import brief_identifier
from briefexport.writers.shared.layout import Layout

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
OPDS_ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
REL_ACQUISITION = "http://opds-spec.org/acquisition"
REL_IMAGE = "http://opds-spec.org/image"
REL_THUMBNAIL = "http://opds-spec.org/image/thumbnail"


def _element(
    parent, tag: str, text: str | None = None, namespace: str = ATOM, **attributes
) -> etree._Element:
    element = etree.SubElement(
        parent, f"{{{namespace}}}{tag}", {k: v for k, v in attributes.items() if v is not None}
    )
    if text is not None:
        element.text = text
    return element


def _time(date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _feed(
    page, layout: Layout, title: str, self_href: str, self_type: str, kind: str, nsmap: dict
) -> etree._Element:
    brand = layout.brand
    library = page.library
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, **nsmap})
    seed = f"briefexport:site:{kind}:{brand.url or brand.name}"
    _element(feed, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}")
    _element(feed, "title", title)
    dates = [brief.meta.date for brief in library.briefs]
    _element(feed, "updated", _time(max(dates)) if dates else "1970-01-01T00:00:00Z")
    author = _element(feed, "author")
    _element(author, "name", brand.name)
    if brand.url:
        _element(author, "uri", brand.url)
    _element(feed, "link", rel="self", href=self_href, type=self_type)
    _element(feed, "link", rel="alternate", href="index.html", type="text/html")
    _element(feed, "generator", "briefexport")
    return feed


def _brief_entry(feed, entry: dict, opds: bool) -> None:
    brief, meta = entry["brief"], entry["meta"]
    node = _element(feed, "entry")
    _element(node, "id", brief_identifier(brief))
    _element(node, "title", meta.title)
    _element(node, "updated", _time(meta.date))
    _element(node, "published", _time(meta.date))
    for author in entry["authors"]:
        _element(_element(node, "author"), "name", author["name"])
    if meta.summary:
        _element(node, "summary", " ".join(meta.summary.split()), type="text")
    for keyword in meta.keywords:
        _element(node, "category", term=keyword)
    _element(node, "link", rel="alternate", href=entry["url"], type="text/html", hreflang=brief.language)
    if opds:
        _element(node, "language", brief.language, DC)
        _element(node, "issued", meta.date.isoformat(), DC)
        if entry["thumbnail"]:
            _element(node, "link", rel=REL_IMAGE, href=entry["thumbnail"], type="image/png")
            _element(node, "link", rel=REL_THUMBNAIL, href=entry["thumbnail"], type="image/png")
        for kind in ("pdf", "print"):
            if entry[kind]:
                _element(node, "link", rel=REL_ACQUISITION, href=entry[kind], type="application/pdf")
    elif entry["pdf"]:
        _element(node, "link", rel="enclosure", href=entry["pdf"], type="application/pdf")


def atom(page, layout: Layout, briefs: list[dict]) -> bytes:
    """The Atom feed of the briefs, newest first."""
    feed = _feed(page, layout, layout.brand.name, "feed.xml", "application/atom+xml", "atom", {})
    for entry in briefs:
        _brief_entry(feed, entry, opds=False)
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def opds(page, layout: Layout, briefs: list[dict], shelves: list[dict]) -> bytes:
    """The OPDS 1.2 acquisition catalogue: the collections (EPUB), then the briefs (PDF)."""
    feed = _feed(
        page, layout, layout.brand.name, "opds.xml", OPDS_ACQUISITION, "opds", {"dc": DC, "opds": OPDS}
    )
    _element(feed, "link", rel="start", href="opds.xml", type=OPDS_ACQUISITION)
    for shelf in shelves:
        meta = shelf["meta"]
        node = _element(feed, "entry")
        _element(node, "id", shelf["identifier"])
        _element(node, "title", meta.title)
        newest = max(brief.meta.date for brief in shelf["shelf"].briefs)
        _element(node, "updated", _time(newest))
        _element(_element(node, "author"), "name", layout.brand.name)
        _element(node, "language", meta.language, DC)
        _element(node, "issued", newest.isoformat(), DC)
        if meta.description or meta.subtitle:
            _element(node, "summary", " ".join((meta.description or meta.subtitle).split()), type="text")
        _element(node, "link", rel="alternate", href=shelf["url"], type="text/html")
        if shelf["cover"]:
            _element(node, "link", rel=REL_IMAGE, href=shelf["cover_full"], type=shelf["cover_type"])
            _element(node, "link", rel=REL_THUMBNAIL, href=shelf["cover"], type="image/png")
        if shelf["epub"]:
            _element(node, "link", rel=REL_ACQUISITION, href=shelf["epub"], type="application/epub+zip")
    for entry in briefs:
        _brief_entry(feed, entry, opds=True)
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
