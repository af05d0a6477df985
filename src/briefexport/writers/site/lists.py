"""The site's pages made of many briefs, each a `Page` keyed by what it shows of them (their front
matter, authors and downloads: Library.facts), never by their text: the index, the pages of every
list (archive, topic, year, series, author, collection), the pages listing the lists, the search
pages, the feeds and the OPDS catalogue, and, when the library knows its address, sitemap.xml and
robots.txt.

    index.html  search/index.html  search/<lang>/index.html  search.js
    archive/ topics/ years/ series/ authors/<id>/ collections/<slug>/: index.html, page/<n>/index.html
    topics/index.html  years/index.html  series/index.html  collections/index.html
    feed.xml  feeds/archive/<n>.xml (RFC 5005)
    opds.xml  opds/new/<n>.xml  opds/{topics,years,collections}/<n>.xml (navigation)
    opds/{topic,year,collection}/<id>/<n>.xml (acquisition)
    sitemap.xml  robots.txt
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from briefexport.content import labels as label_files
from briefexport.content import locale
from briefexport.content.model import Brief
from briefexport.writers.site.browse import NEWEST, Listing
from briefexport.writers.site.library import Library, Person, Shelf

FEED_SIZE = 50  # entries of the Atom feed and of each of its archives
OPDS_SIZE = 50  # entries of a page of an OPDS acquisition feed
OPDS_NAV_SIZE = 100  # entries of a page of an OPDS navigation feed
SHELVES_ON_INDEX = 6  # collections the index shows; the rest are on collections/index.html
TOPICS_ON_INDEX = 24
SCRIPT = Path(__file__).parent / "search.js"
BY = {
    "topics": "by_topics",
    "years": "by_years",
    "collections": "by_collections",
}  # OPDS navigation  # the package's own: layouts never run script


@dataclass
class Group:
    """A page listing lists (topics/index.html...), or an OPDS navigation feed."""

    kind: str  # topics | years | series | collections
    folder: str
    entries: list[Listing]


@dataclass
class Feed:
    """One page of a feed: the Atom feed or one of its archives, or a page of an OPDS feed."""

    kind: str  # atom | archive | opds-root | opds-nav | opds
    title: str
    briefs: list[Brief]
    number: int = 1
    total: int = 1
    base: str = ""  # an OPDS feed's folder: its pages are <base>/<n>.xml
    entries: tuple = ()  # an OPDS navigation feed's lists, or the root's (title, href, kind)
    shelf: Shelf | None = None  # an OPDS feed of a collection starts with its EPUB

    def name(self, number: int | None = None) -> str:
        number = self.number if number is None else number
        if self.kind == "atom":
            return "feed.xml"
        if self.kind == "archive":
            return f"feeds/archive/{number}.xml"
        if self.kind == "opds-root":
            return "opds.xml"
        return f"{self.base}/{number}.xml"


def groups(library: Library) -> list[Group]:
    if "groups" not in library.memo:
        library.memo["groups"] = _groups(library)
    return library.memo["groups"]


def _groups(library: Library) -> list[Group]:
    topics = [
        Listing("topic", t.folder, t.name(), t.briefs, t.description(), t) for t in library.topics.values()
    ]
    topics.sort(key=lambda listing: listing.name.casefold())
    return [
        Group("topics", "topics", topics),
        Group("years", "years", [Listing("year", f"years/{y}", str(y), b) for y, b in library.years.items()]),
        Group("series", "series", sorted(library.series.values(), key=lambda s: -s.count)),
        Group(
            "collections",
            "collections",
            [
                Listing("collection", s.url.rsplit("/", 1)[0], s.collection.meta.title, s.briefs, subject=s)
                for s in library.shelves
            ],
        ),
    ]


def summary(entries: list[Listing]) -> list:
    return [[e.folder, e.name, e.description, e.count] for e in entries]


def listing_facts(library: Library, listing: Listing, number: int) -> str:
    extra: object = None
    if isinstance(listing.subject, Person):
        extra = listing.subject.author.model_dump_json()
    elif isinstance(listing.subject, Shelf):
        shelf = listing.subject
        extra = [shelf.collection.meta.model_dump_json(), bool(shelf.epub), library.shelf_facts()]
    return json.dumps(
        [
            listing.name,
            listing.description,
            listing.count,
            listing.pages,
            number,
            extra,
            library.facts(listing.page(number)),
        ]
    )


def feeds(library: Library) -> list[Feed]:
    """The Atom feed and its archives, and the OPDS catalogue's pages."""
    made = [Feed("atom", "", library.briefs[:FEED_SIZE], total=archives(library))]
    rest = library.briefs[FEED_SIZE:][::-1]  # oldest first: archive 1 is the oldest, and stays as it is
    count = archives(library)
    for number in range(1, count + 1):
        chunk = rest[(number - 1) * FEED_SIZE : number * FEED_SIZE][::-1]
        made.append(Feed("archive", "", chunk, number, count))
    made += opds_feeds(library)
    return made


def archives(library: Library) -> int:
    return -(-max(0, len(library.briefs) - FEED_SIZE) // FEED_SIZE)


def _paged(
    kind: str, title: str, base: str, briefs: list[Brief], size: int, shelf=None, entries=()
) -> list[Feed]:
    items = entries if entries else briefs
    total = max(1, -(-len(items) // size))
    return [
        Feed(
            kind,
            title,
            briefs[(n - 1) * size : n * size] if not entries else [],
            n,
            total,
            base,
            tuple(entries[(n - 1) * size : n * size]) if entries else (),
            shelf,
        )
        for n in range(1, total + 1)
    ]


def opds_feeds(library: Library) -> list[Feed]:
    labels = label_files.labels(None, "en")  # the catalogue's own titles: English, as its pages are
    made: list[Feed] = []
    made += _paged("opds", labels["newest_briefs"], "opds/new", library.briefs, OPDS_SIZE)
    navigation = []
    for group in groups(library):
        if not group.entries:
            continue
        single = {"topics": "topic", "years": "year", "collections": "collection"}.get(group.kind)
        if single is None:
            continue
        lists = []
        for listing in group.entries:
            ident = listing.folder.rsplit("/", 1)[1]
            shelf = listing.subject if group.kind == "collections" else None
            feeds = _paged("opds", listing.name, f"opds/{single}/{ident}", listing.briefs, OPDS_SIZE, shelf)
            made += feeds
            lists.append((listing, feeds[0].name(1)))
        nav = _paged(
            "opds-nav", labels[f"by_{group.kind}"], f"opds/{group.kind}", [], OPDS_NAV_SIZE, entries=lists
        )
        made += nav
        navigation.append((labels[f"by_{group.kind}"], nav[0].name(1), "navigation", len(group.entries)))
    root_entries = [
        (labels["newest_briefs"], "opds/new/1.xml", "acquisition", len(library.briefs)),
        *navigation,
    ]
    made.insert(0, Feed("opds-root", "", [], entries=tuple(root_entries)))
    return made


def feed_facts(library: Library, feed: Feed) -> str:
    entries = [
        [e[0].folder, e[0].name, e[0].description, e[0].count, e[1]] if isinstance(e[0], Listing) else list(e)
        for e in feed.entries
    ]
    shelf = feed.shelf
    shelf_facts = [shelf.collection.meta.model_dump_json(), bool(shelf.epub)] if shelf else None
    return json.dumps([feed.title, feed.number, feed.total, entries, shelf_facts, library.facts(feed.briefs)])


def index_facts(library: Library) -> str:
    return json.dumps(
        [
            library.facts(library.briefs[:NEWEST]),
            library.shelf_facts(),
            [[s.collection.meta.model_dump_json(), bool(s.epub)] for s in library.shelves[:SHELVES_ON_INDEX]],
            [summary(group.entries) for group in groups(library)],
            len(library.briefs),
        ]
    )


def languages(library: Library) -> list[str]:
    """The base languages of the briefs, English first: one search page each (Pagefind keeps an
    index per language, and a page searches the index of its own `lang`)."""
    if "languages" not in library.memo:
        found = {locale.base_language(brief.language) for brief in library.briefs}
        library.memo["languages"] = ["en", *sorted(found - {"en"})]
    return library.memo["languages"]


def search_url(language: str) -> str:
    return "search/index.html" if language == "en" else f"search/{language}/index.html"


def sitemap_entries(library: Library, names: list[str]) -> list[tuple[str, str]]:
    """(site path, last modified) of every HTML page: a web edition by its brief's date."""
    dates = {library.url(b): b.meta.date.isoformat() for b in library.briefs}
    return [(name, dates.get(name, "")) for name in sorted(names) if name.endswith(".html")]
