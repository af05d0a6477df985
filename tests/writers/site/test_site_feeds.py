"""The site's Atom feed and OPDS 1.2 catalogue, read by a real feed parser (feedparser) and checked
for what e-reader apps rely on: acquisition links of the right type to files of the site, covers and
thumbnails, stable ids (the EPUB's own identifier), dates from the content."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from lxml import etree

pytestmark = pytest.mark.slow  # the session's full build of the sample content

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/terms/}"
OPDS_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPDS_NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
FINAL = [
    "ageing-workforce-automation",
    "grid-storage-auctions-ko",
    "grid-storage-auctions",
    "maritime-chokepoints-ar",
    "maritime-chokepoints-summary",
    "harbour-electrification-fr",
    "harbour-electrification",
]


@pytest.fixture(scope="module")
def site(sample_build) -> Path:
    project, result, out = sample_build
    assert result.ok, [str(d) for d in result.report.errors]
    return out / "site"


def resolve(site: Path, href: str, feed: str = "opds.xml") -> Path:
    """A link of the feed `feed` (a path in the site), as a file; it must stay inside the site."""
    url = urljoin(f"http://example.test/some/path/{feed}", href)
    assert url.startswith("http://example.test/some/path/"), href
    path = (site / urlsplit(url).path.removeprefix("/some/path/")).resolve()
    assert site.resolve() in path.parents and path.is_file(), href
    return path


def test_the_atom_feed_lists_final_briefs_newest_first(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Meridian Institute for Policy Studies"
    assert feed.feed.id.startswith("urn:uuid:") and feed.feed.updated == "2026-06-23T00:00:00Z"
    assert [e.link for e in feed.entries] == [f"briefs/{slug}/index.html" for slug in FINAL]
    first = feed.entries[0]
    assert first.title.startswith("An Ageing Workforce")
    assert [a.name for a in first.authors] == ["Elena Varga", "Sofia Almeida", "Minjae Kang"]
    assert first.summary.startswith("The old-age dependency ratio")
    assert first.published == first.updated == "2026-06-23T00:00:00Z"
    assert len({e.id for e in feed.entries}) == len(FINAL) and all(
        e.id.startswith("urn:uuid:") for e in feed.entries
    )
    for entry in feed.entries:
        enclosure = next(link for link in entry.links if link.rel == "enclosure")
        assert enclosure.type == "application/pdf"
        assert resolve(site, enclosure.href).read_bytes().startswith(b"%PDF-")


def test_the_opds_catalogue(site):
    """opds.xml is a navigation feed (newest briefs, by topic, by year, by collection), as e-reader
    apps browse them; a collection's acquisition feed offers its EPUB, then its briefs' PDFs."""
    data = (site / "opds.xml").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    root = etree.fromstring(data)
    links = {link.get("rel"): link for link in root.findall(f"{ATOM}link")}
    assert links["self"].get("type") == OPDS_NAVIGATION and links["start"].get("type") == OPDS_NAVIGATION
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    sections = {
        e.findtext(f"{ATOM}title"): e.find(f"{ATOM}link[@rel='subsection']").get("href")
        for e in root.findall(f"{ATOM}entry")
    }
    assert list(sections) == ["Newest briefs", "By topic", "By year", "By collection"]
    shelves = etree.fromstring(resolve(site, sections["By collection"]).read_bytes())
    shelf_link = shelves.find(f"{ATOM}entry/{ATOM}link[@rel='subsection']")
    assert shelf_link.get("type") == OPDS_TYPE
    name = urlsplit(urljoin("http://x/opds.xml", sections["By collection"])).path.lstrip("/")
    shelf_path = resolve(site, shelf_link.get("href"), name)
    shelf_name = shelf_path.relative_to(site.resolve()).as_posix()
    entries = etree.fromstring(shelf_path.read_bytes()).findall(f"{ATOM}entry")
    assert len(entries) == 1 + 5  # the collection, then the briefs
    collection = entries[0]
    assert collection.findtext(f"{ATOM}title") == "Meridian Issue Briefs 2026"
    assert collection.findtext(f"{DC}language") == "en"
    by_rel = {link.get("rel"): link for link in collection.findall(f"{ATOM}link")}
    acquisition = by_rel["http://opds-spec.org/acquisition"]
    assert acquisition.get("type") == "application/epub+zip"
    epub = resolve(site, acquisition.get("href"), shelf_name)
    with zipfile.ZipFile(epub) as book:
        assert book.read("mimetype") == b"application/epub+zip"
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    # the entry's id is the EPUB's own identifier
    identifier = opf.find(".//{http://purl.org/dc/elements/1.1/}identifier").text
    assert collection.findtext(f"{ATOM}id") == identifier
    cover, thumbnail = by_rel["http://opds-spec.org/image"], by_rel["http://opds-spec.org/image/thumbnail"]
    assert cover.get("type") == "image/png" and thumbnail.get("type") == "image/png"
    assert resolve(site, cover.get("href"), shelf_name).read_bytes().startswith(b"\x89PNG")
    assert (
        resolve(site, thumbnail.get("href"), shelf_name).stat().st_size
        < resolve(site, cover.get("href"), shelf_name).stat().st_size
    )
    for entry in entries[1:]:
        rels = [(link.get("rel"), link.get("type")) for link in entry.findall(f"{ATOM}link")]
        assert ("http://opds-spec.org/acquisition", "application/pdf") in rels
        assert ("http://opds-spec.org/image/thumbnail", "image/png") in rels
        for link in entry.findall(f"{ATOM}link"):
            resolve(site, link.get("href"), shelf_name)
        assert entry.findtext(f"{DC}issued") == entry.findtext(f"{ATOM}updated")[:10]
    # in the collection's order
    assert [e.findtext(f"{DC}language") for e in entries[1:]] == ["en", "en", "en", "ko", "en"]
    newest = feedparser.parse(resolve(site, sections["Newest briefs"]).read_bytes())
    assert not newest.bozo and len(newest.entries) == len(FINAL)


def test_the_pages_announce_the_feeds(site):
    page = (site / "index.html").read_text()
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in page
    assert f'<link rel="alternate" type="{OPDS_NAVIGATION}" href="opds.xml"' in page
    edition = (site / "briefs" / "grid-storage-auctions" / "index.html").read_text()
    assert 'href="../../opds.xml"' in edition
