"""What the site shows, made once per build from the whole project: the final briefs (newest
first; drafts never appear), the collections, the authors, the other-language editions of each
brief, and which downloads the other formats have built."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefexport.content.locale import base_language
from briefexport.content.model import Author, Brief, BriefLink, Collection
from briefexport.content.names import folder_name
from briefexport.content.topics import Topic
from briefexport.writers import FORMATS
from briefexport.writers.site import browse
from briefexport.writers.site.browse import Listing


def _same_work(number: str | None, language: str, original) -> bool:
    """Whether the brief numbered `number` in `language` is `original` (a TranslationOf)."""
    return number == original.number and base_language(language) == base_language(original.language)


safe_name = folder_name  # the site's folder names: content/names.py, which checks they do not collide


def built(out_root: Path, fmt: str, stem: str, coming: frozenset[Path] = frozenset()) -> Path | None:
    """The output of another format (build/pdf/x.pdf), if that format exists and it was built (or
    is `coming`: about to be)."""
    if fmt not in FORMATS or fmt not in FORMATS["site"].shows:
        return None  # e.g. `print`, where this installation has no such format
    path = out_root / FORMATS[fmt].folder / f"{stem}{FORMATS[fmt].suffix}"
    return path if path in coming or path.is_file() else None


@dataclass
class Person:
    id: str
    author: Author
    briefs: list[Brief] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"authors/{self.id}/index.html"


@dataclass
class Shelf:
    """A collection as the site shows it: its final briefs, its EPUB and the EPUB's cover."""

    collection: Collection
    briefs: list[Brief]
    epub: Path | None

    @property
    def slug(self) -> str:
        return safe_name(self.collection.slug, "collection")

    @property
    def url(self) -> str:
        return f"collections/{self.slug}/index.html"

    @property
    def epub_url(self) -> str:
        return f"collections/{self.slug}/{self.slug}.epub"


class Library:
    """`offers_print`: whether the brand turns the print edition on (then every build makes it, and
    the site offers it for every brief alike; a print PDF built once on request is not published)."""

    def __init__(
        self,
        briefs: list[Brief],
        collections: list[Collection],
        out_root: Path,
        offers_print: bool = False,
        coming: frozenset[Path] = frozenset(),
        registry: dict[str, Topic] | None = None,
        series_of: Callable[[Brief], str | None] = lambda brief: brief.meta.series,
        default_series: str = "Issue Brief",
    ):
        finals = [brief for brief in briefs if not brief.is_draft]
        self.briefs = sorted(finals, key=lambda b: (b.meta.date, b.meta.number or "", b.slug), reverse=True)
        self.by_slug = {brief.slug: brief for brief in self.briefs}
        self.pdf = {b.slug: built(out_root, "pdf", b.slug, coming) for b in self.briefs}
        self.print = {
            b.slug: built(out_root, "print", b.slug, coming) if offers_print else None for b in self.briefs
        }
        self.shelves = [
            Shelf(c, [b for b in c.briefs if b.slug in self.by_slug], built(out_root, "epub", c.slug, coming))
            for c in collections
        ]
        self.shelves = [shelf for shelf in self.shelves if shelf.briefs]
        self.people: dict[str, Person] = {}
        self.bylines: dict[str, list[Person]] = {}
        # the other-language editions, found by number (`editions`): one pass, not one per brief
        self._order = {brief.slug: index for index, brief in enumerate(self.briefs)}
        self._numbered: dict[str, list[Brief]] = {}
        self._translating: dict[str, list[Brief]] = {}
        for brief in self.briefs:
            if brief.meta.number:
                self._numbered.setdefault(brief.meta.number, []).append(brief)
            if brief.meta.translation_of:
                self._translating.setdefault(brief.meta.translation_of.number, []).append(brief)
        for brief in self.briefs:
            self.bylines[brief.slug] = [
                self._person(ref, author, brief)
                for ref, author in zip(brief.meta.authors, brief.authors, strict=True)
            ]
        self.topics, self.topics_of = browse.topics(self.briefs, registry or {})
        self.years = browse.years(self.briefs)
        self.series: dict[str, Listing] = {}
        names: dict[str, str] = {}  # series as written -> its folder
        for brief in self.briefs:
            written = series_of(brief) or default_series  # the default, whatever the language
            if written not in names:
                names[written] = browse.slug_of(written, set(names.values()))
                folder = f"series/{names[written]}"
                self.series[names[written]] = Listing("series", folder, written)
            self.series[names[written]].briefs.append(brief)
        self.series_folder = {b.slug: s.folder for s in self.series.values() for b in s.briefs}
        self.memo: dict = {}  # what many pages ask of the whole library, worked out once (lists.py, fonts.py)

    def listings(self) -> list[Listing]:
        """Every list of briefs with pages of its own: the archive, each topic, year, series,
        author and collection."""
        found = [Listing("archive", "archive", "", self.briefs)]
        found += [
            Listing("topic", t.folder, t.name(), t.briefs, t.description(), t) for t in self.topics.values()
        ]
        found += [Listing("year", f"years/{year}", str(year), briefs) for year, briefs in self.years.items()]
        found += list(self.series.values())
        found += [
            Listing("author", p.url.rsplit("/", 1)[0], p.author.name, p.briefs, subject=p)
            for p in self.people.values()
        ]
        found += [
            Listing("collection", s.url.rsplit("/", 1)[0], s.collection.meta.title, s.briefs, subject=s)
            for s in self.shelves
        ]
        return found

    def _person(self, ref, author: Author, brief: Brief) -> Person:
        """Registry authors by their id; an inline author by their name."""
        person_id = safe_name(ref if isinstance(ref, str) else author.name, "author")
        person = self.people.setdefault(person_id, Person(person_id, author))
        if not person.briefs or person.briefs[-1] is not brief:  # each brief's authors come together
            person.briefs.append(brief)
        return person

    @staticmethod
    def url(brief: Brief) -> str:
        return f"briefs/{safe_name(brief.slug, 'brief')}/index.html"

    def download(self, brief: Brief, kind: str) -> str | None:
        """The site path of a brief's screen (`pdf`) or `print` PDF, if it was built."""
        found = (self.pdf if kind == "pdf" else self.print).get(brief.slug)
        if found is None:
            return None
        folder = self.url(brief).rsplit("/", 1)[0]
        return f"{folder}/{safe_name(brief.slug, 'brief')}{'-print' if kind == 'print' else ''}.pdf"

    def thumbnail(self, brief: Brief) -> str | None:
        return self.url(brief).rsplit("/", 1)[0] + "/page1.png" if self.pdf.get(brief.slug) else None

    def editions(self, brief: Brief) -> list[Brief]:
        """The other-language editions on the site: the original a brief translates or summarises
        (by its number and language), the briefs that translate or summarise this one, and the
        other editions of the same original (a French and an Arabic summary of one brief); found
        through the indexes by number, not by comparing every brief with every other."""
        found: dict[str, Brief] = {}
        original = brief.meta.translation_of
        if original:
            for other in self._numbered.get(original.number, ()):  # the original
                if _same_work(other.meta.number, other.language, original):
                    found[other.slug] = other
            for other in self._translating.get(original.number, ()):  # its other editions
                theirs = other.meta.translation_of
                if theirs and _same_work(theirs.number, theirs.language, original):
                    found[other.slug] = other
        if brief.meta.number:
            for other in self._translating.get(brief.meta.number, ()):  # this one's editions
                theirs = other.meta.translation_of
                if theirs and _same_work(brief.meta.number, brief.language, theirs):
                    found[other.slug] = other
        found.pop(brief.slug, None)
        return sorted(found.values(), key=lambda other: self._order[other.slug])

    def link_target(self, from_brief: Brief, target: BriefLink | str | None) -> str | None:
        """Where a link to another brief (resolved by the reader: `Brief.links`, or given by its
        href) goes on the site, from the brief's own folder; None when that brief has no page there."""
        if isinstance(target, str):
            target = from_brief.links.get(target)
        other = self.by_slug.get(target.slug) if target else None
        if other is None or target is None:
            return None
        url = "../" + self.url(other).split("/", 1)[1]
        return f"{url}#{target.anchor}" if target.anchor else url

    def facts(self, briefs: list[Brief]) -> str:
        """What pages listing `briefs` show of them: their front matter, their authors' names, which
        downloads exist. A list page is keyed by these, not by the briefs' text, so an edit to a
        brief's body rebuilds its web edition and the search index, not every list it is on."""
        return json.dumps(
            {
                b.slug: [
                    b.meta.model_dump_json(),
                    bool(self.pdf.get(b.slug)),
                    bool(self.print.get(b.slug)),
                    [[p.id, p.author.localized(b.language).name] for p in self.bylines.get(b.slug, [])],
                ]
                for b in briefs
            },
            sort_keys=True,
        )

    def shelf_facts(self) -> str:
        return json.dumps([[s.slug, [b.slug for b in s.briefs], bool(s.epub)] for s in self.shelves])
