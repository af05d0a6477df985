"""What the templates of the pages made of many briefs are given: the index, a page of a list, a page
of lists, a search page. Plain values only (dicts, lists, strings): layouts render in Jinja's
sandbox and call no method of ours."""

from __future__ import annotations

from collections.abc import Mapping

from briefexport.content import locale
from briefexport.content.model import Brief
from briefexport.writers.site import lists
from briefexport.writers.site.browse import CARDS_UP_TO, NEWEST, Listing, SiteTopic
from briefexport.writers.site.library import Library, Shelf

KICKERS = {
    "topic": "kicker_topic",
    "year": "kicker_year",
    "series": "kicker_series",
    "author": "kicker_author",
    "collection": "kicker_collection",
}


def count_text(count: int, labels: Mapping[str, str]) -> str:
    return labels["count_one"] if count == 1 else labels["count_briefs"].format(count=count)


def entry(listing: Listing, root: str, labels: Mapping[str, str], language: str = "en") -> dict:
    """A list as a link on another page: its name (a topic's in the page's language), where it
    is, how many briefs it holds."""
    topic = listing.subject if isinstance(listing.subject, SiteTopic) else None
    return {
        "name": topic.name(language) if topic else listing.name,
        "url": root + listing.url(),
        "count": listing.count,
        "count_text": count_text(listing.count, labels),
        "description": listing.description,
        "lang": listing.subject.collection.meta.language if isinstance(listing.subject, Shelf) else "",
    }


def browse(library: Library, root: str, labels: Mapping[str, str]) -> dict:
    """The index's ways into the archive: every brief, topics (the most used), years, series."""
    groups = {group.kind: group for group in lists.groups(library)}
    by_use = sorted(groups["topics"].entries, key=lambda t: -t.count)[: lists.TOPICS_ON_INDEX]
    return {
        "archive_href": root + "archive/index.html",
        "archive_text": labels["archive_link"].format(count=len(library.briefs)),
        "topics": [entry(t, root, labels) for t in sorted(by_use, key=lambda t: t.name.casefold())],
        "more_topics": len(groups["topics"].entries) > len(by_use),
        "topics_href": root + "topics/index.html",
        "years": [entry(y, root, labels) for y in groups["years"].entries],
        "series": [entry(s, root, labels) for s in groups["series"].entries],
        "series_href": root + "series/index.html",
    }


def index(library: Library, root: str, listed, labels: Mapping[str, str]) -> dict:
    return {
        "briefs": [listed(b) for b in library.briefs[:NEWEST]],
        "more_shelves": len(library.shelves) > lists.SHELVES_ON_INDEX,
        "collections_href": root + "collections/index.html",
        "browse": browse(library, root, labels),
    }


def pager(listing: Listing, number: int, root: str, labels: Mapping[str, str]) -> dict | None:
    """The links between a list's pages, or None when it has one page."""
    if listing.pages == 1:
        return None
    return {
        "label": labels["page_of"].format(number=number, total=listing.pages),
        "previous": root + listing.url(number - 1) if number > 1 else "",
        "next": root + listing.url(number + 1) if number < listing.pages else "",
        "pages": [
            {"number": n, "url": root + listing.url(n), "current": n == number}
            for n in range(1, listing.pages + 1)
        ],
    }


def listing(listing: Listing, number: int, root: str, listed, labels: Mapping[str, str]) -> dict:
    """A page of a list: its heading, its briefs (cards when the list is short, else compact rows)."""
    briefs: list[Brief] = listing.page(number)
    kicker = labels[KICKERS[listing.kind]] if listing.kind in KICKERS else ""
    heading = listing.name
    if listing.kind == "archive":
        heading = labels["all_briefs"]
    elif listing.kind == "year":
        heading = labels["briefs_of_year"].format(year=listing.name)
    groups = {"topic": "topics", "year": "years", "series": "series", "collection": "collections"}
    return {
        "kind": listing.kind,
        "kicker": kicker,
        "kicker_href": f"{root}{groups[listing.kind]}/index.html" if listing.kind in groups else "",
        "heading": heading,
        "description": listing.description,
        "count_text": count_text(listing.count, labels),
        "cards": listing.count <= CARDS_UP_TO,
        "briefs": [listed(b) for b in briefs],
        "number": number,
        "start": (number - 1) * len(listing.page(1)) + 1,
        "pager": pager(listing, number, root, labels),
    }


def group(group: lists.Group, root: str, labels: Mapping[str, str]) -> dict:
    titles = {"topics": "topics", "years": "years", "series": "series_all", "collections": "collections"}
    return {
        "kind": group.kind,
        "heading": labels[titles[group.kind]],
        "entries": [entry(e, root, labels) for e in group.entries],
    }


def search(library: Library, language: str, root: str, labels: Mapping[str, str]) -> dict:
    """A search page: the search box (made to work by search.js), what it searches, the other
    languages' search pages, and the topics and years to browse where search cannot run."""
    groups = {group.kind: group for group in lists.groups(library)}
    others = [
        {"lang": other, "name": locale.language_name(other, other), "url": root + lists.search_url(other)}
        for other in lists.languages(library)
        if other != language
    ]
    return {
        "scope": labels["search_scope"].format(language=locale.language_name(language, language)),
        "others": others,
        "topics": [entry(t, root, labels, language) for t in groups["topics"].entries],
        "years": [entry(y, root, labels, language) for y in groups["years"].entries],
        "bundle": root + "pagefind/",
        "script_href": root + "search.js",
    }


def site_links(library: Library, root: str, language: str) -> dict:
    """The header's links; search in the page's language where the library has briefs in it."""
    base = locale.base_language(language)
    search = lists.search_url(base if base in lists.languages(library) else "en")
    return {
        "topics_href": root + "topics/index.html",
        "archive_href": root + "archive/index.html",
        "search_href": root + search,
    }
