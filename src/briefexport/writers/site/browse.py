"""The ways to browse the library besides its index: every brief (the archive), by topic (the
briefs' keywords, named and merged by content/topics.yaml), by year and by series, and the author
and collection pages. Each is a `Listing`: a folder with a page of its own, split into pages of
`PER_PAGE` briefs, newest first.

    archive/index.html, archive/page/2/index.html ...
    topics/index.html, topics/<id>/index.html (and page/N/)
    years/index.html, years/<year>/index.html
    series/<slug>/index.html
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from briefexport.content.model import Brief
from briefexport.content.topics import Topic, normal

PER_PAGE = 100  # briefs on one page of a list: about 70 KB of compact rows
NEWEST = 20  # briefs the index shows, as cards with their first page
CARDS_UP_TO = 12  # a list this short shows cards (page-1 pictures); a longer one compact rows


def slug_of(text: str, taken: set[str] | None = None) -> str:
    """A folder name for a topic or series: ASCII letters, digits and hyphens. Text in other
    scripts (a Korean keyword) is named by a digest of it, so its URL stays plain and stable."""
    folded = normal(text)
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60].strip("-")
    if not slug or not folded.isascii():
        slug = (slug + "-" if slug else "t-") + hashlib.sha256(folded.encode()).hexdigest()[:8]
    while taken is not None and slug in taken:
        slug = slug + "-" + hashlib.sha256(slug.encode()).hexdigest()[:4]
    return slug


@dataclass
class Listing:
    """A list of briefs with pages of its own."""

    kind: str  # archive | topic | year | series | author | collection
    folder: str  # under the site: "topics/energy"
    name: str  # its heading
    briefs: list[Brief] = field(default_factory=list)
    description: str = ""
    subject: object = None  # the SiteTopic, Person or Shelf it lists

    @property
    def count(self) -> int:
        return len(self.briefs)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.briefs) // PER_PAGE))

    def url(self, number: int = 1) -> str:
        return f"{self.folder}/index.html" if number == 1 else f"{self.folder}/page/{number}/index.html"

    def page(self, number: int) -> list[Brief]:
        if len(self.briefs) <= CARDS_UP_TO:
            return self.briefs
        return self.briefs[(number - 1) * PER_PAGE : number * PER_PAGE]


@dataclass
class SiteTopic:
    """A topic as the library shows it: a registry entry, or a keyword no entry claims."""

    id: str
    spelling: str  # the keyword as the newest brief writes it, for a topic without an entry
    entry: Topic | None = None
    briefs: list[Brief] = field(default_factory=list)

    def name(self, language: str = "en") -> str:
        return self.entry.localized(language).name if self.entry else self.spelling

    def description(self, language: str = "en") -> str:
        return self.entry.localized(language).description if self.entry else ""

    @property
    def folder(self) -> str:
        return f"topics/{self.id}"

    @property
    def url(self) -> str:
        return f"{self.folder}/index.html"


def topics(briefs: list[Brief], registry: dict[str, Topic]) -> tuple[dict[str, SiteTopic], dict[str, list]]:
    """(topics by id, in order of use, most used first; each brief's topics by slug). `briefs` are
    newest first, so a topic without an entry is named as its newest brief spells it."""
    claimed: dict[str, str] = {}
    for topic_id, entry in registry.items():
        for word in (topic_id, entry.name, *entry.keywords):
            claimed.setdefault(normal(word), topic_id)
    found: dict[str, SiteTopic] = {}
    derived: dict[str, str] = {}  # normal keyword -> id, for keywords no entry claims
    of_brief: dict[str, list[SiteTopic]] = {}
    for brief in briefs:
        mine: list[SiteTopic] = []
        for keyword in brief.meta.keywords:
            key = normal(keyword)
            if not key:
                continue
            ident = claimed.get(key)
            if ident is None:
                if key not in derived:
                    derived[key] = slug_of(keyword, set(registry) | set(derived.values()))
                ident = derived[key]
            topic = found.setdefault(ident, SiteTopic(ident, keyword, registry.get(ident)))
            if topic not in mine:
                mine.append(topic)
                topic.briefs.append(brief)
        of_brief[brief.slug] = mine
    ordered = sorted(found.values(), key=lambda t: (-len(t.briefs), normal(t.name())))
    return {t.id: t for t in ordered}, of_brief


def years(briefs: list[Brief]) -> dict[int, list[Brief]]:
    """The briefs by year of publication, newest year first."""
    found: dict[int, list[Brief]] = {}
    for brief in briefs:
        found.setdefault(brief.meta.date.year, []).append(brief)
    return dict(sorted(found.items(), reverse=True))
