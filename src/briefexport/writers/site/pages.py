"""The site's files, each a `Page`: its name under build/site/, what kind of file it is, and what it
is made from, so that an edited brief rebuilds its web edition and the lists that show what was
edited of it (lists.py), not the whole site.

    style.css  logo.svg  fonts/<font>.ttf  sitemap.xml  robots.txt
    briefs/<slug>/index.html, page1.png, <slug>.pdf, <slug>-print.pdf, images/<picture>,
                  <slug>.bib, <slug>.json (the brief as a reference)
    collections/<slug>/<slug>.epub, cover.png|jpg, cover-small.png
    the index, lists, search pages and feeds: lists.py
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar

from briefexport.content import labels as label_files
from briefexport.content.model import Brief
from briefexport.errors import ContentError
from briefexport.writers import default_formats
from briefexport.writers.shared.names import names
from briefexport.writers.site import address, lists, pictures
from briefexport.writers.site.library import Library, Shelf, safe_name

if TYPE_CHECKING:
    from briefexport.content.sources import Content
    from briefexport.writers.shared.layout import Layout

_T = TypeVar("_T")


@dataclass(eq=False)
class Page:
    item_kind: ClassVar[Literal["page"]] = "page"  # beside Brief's and Collection's (writers/kinds.py)
    name: str  # under the site's folder
    kind: str  # which renderer makes it (render.py)
    path: Path  # the source named in messages
    library: Library
    briefs: tuple[Brief, ...] = ()  # the briefs whose text it shows
    files: tuple[Path, ...] = ()  # other files it reads: pictures, collections, other formats' outputs
    facts: str = ""  # anything else it shows that can change (which downloads exist...)
    subject: object = None  # the brief, shelf, person or file it is about

    @property
    def depth(self) -> int:
        return self.name.count("/")

    def about(self, kind: type[_T]) -> _T:
        """The subject, as the renderer of this kind of page takes it (a brief, a shelf, a file...)."""
        if not isinstance(self.subject, kind):
            raise TypeError(f"{self.name}: a {self.kind} page about {self.subject!r}, not a {kind.__name__}")
        return self.subject

    @property
    def root(self) -> str:
        """The relative URL of the site's root from this page: "" or "../../"."""
        return "../" * self.depth


def make_library(
    content: Content, layout: Layout, out_root: Path, coming: frozenset[Path] = frozenset()
) -> Library:
    """The library of the briefs and collections that read; `coming`: outputs of other formats this
    build is about to make, planned as if they were there."""
    try:
        brand = layout.brand
        default_series = str(brand.extra.get("series") or "")
    except ContentError:
        brand, default_series = None, ""  # the stylesheet's page reports the brand's problem
    return Library(
        list(content.briefs.values()),
        content.collections,
        out_root,
        offers_print="print" in default_formats(layout.brand_file),  # the brand turns it on
        coming=coming,
        registry=content.topics,
        series_of=lambda brief: series_of(brief, default_series, brand, layout.labels(brief.language)),
        default_series=default_series or layout.labels("en")["series"],
    )


def series_of(brief: Brief, default: str, brand=None, labels: Mapping[str, str] | None = None) -> str:
    """The series a brief is listed in: its own, but the default series by another name in the
    brief's language is the default series, as an edition of an English brief is: "이슈브리프" in a
    Korean brief (the language's word for it), or the brand's name for it in that language
    (brand.yml's `names: ko: series:`). `labels`: the brief language's (Layout.labels)."""
    written = brief.meta.series
    local = names(brand, brief.language).series if brand is not None else None
    word = (labels if labels is not None else label_files.labels(None, brief.language))["series"]
    if not written or written in (word, local):
        return default
    return written


def pages(
    content: Content, layout: Layout, out_root: Path, coming: frozenset[Path] = frozenset()
) -> list[Page]:
    """Every file of the site, made from the briefs and collections that read (a broken one is in
    `content` in its last good version, or left out). `coming`: outputs of other formats this build
    is about to make, planned as if they were there (to count the site's files before they are)."""
    library = make_library(content, layout, out_root, coming)
    source = content_dir(content)
    made: list[Page] = []
    for brief in library.briefs:
        made += brief_pages(library, brief)
    made += many_briefs(library, source)
    fonts = font_pages(library, layout, source)
    uses = sorted(
        frozenset().union(*(brief.uses for brief in library.briefs))
    )  # its rules for captions, boxes...
    made.append(
        Page("style.css", "css", source, library, (), (), json.dumps([[f.name for f in fonts], uses]))
    )
    made += fonts
    logo = brand_logo(layout)
    if logo is not None:
        made.append(Page(logo_name(logo), "copy", source, library, (), (logo,), "", logo))
    for shelf in library.shelves:
        made += shelf_files(library, shelf)
    try:
        base = address.site_url(layout)
    except ContentError:
        base = ""  # every page reports the address's problem
    if base:
        names = [page.name for page in made]
        entries = lists.sitemap_entries(library, names)
        made.append(Page("sitemap.xml", "sitemap", source, library, (), (), json.dumps(entries), entries))
        made.append(Page("robots.txt", "robots", source, library, (), (), base))
    return made


def many_briefs(library: Library, source: Path) -> list[Page]:
    """The index, every list's pages, the pages of lists, the search pages and the feeds."""
    made = [Page("index.html", "index", source, library, (), (), lists.index_facts(library))]
    for listing in library.listings():
        path = listing.subject.collection.path if isinstance(listing.subject, Shelf) else source
        for number in range(1, listing.pages + 1):
            facts = lists.listing_facts(library, listing, number)
            made.append(Page(listing.url(number), "list", path, library, (), (), facts, (listing, number)))
    for group in lists.groups(library):
        if group.entries:
            facts = json.dumps(lists.summary(group.entries))
            made.append(Page(f"{group.folder}/index.html", "group", source, library, (), (), facts, group))
    languages = lists.languages(library)
    browse = [languages, [lists.summary(g.entries) for g in lists.groups(library)[:2]]]
    for language in languages:
        names = [t.name(language) for t in library.topics.values()]  # a topic's name in the page's language
        facts = json.dumps([browse, names])
        made.append(Page(lists.search_url(language), "search", source, library, (), (), facts, language))
    made.append(Page("search.js", "script", source, library, (), (lists.SCRIPT,), "", lists.SCRIPT))
    for feed in lists.feeds(library):
        made.append(Page(feed.name(), "feed", source, library, (), (), lists.feed_facts(library, feed), feed))
    return made


def content_dir(content: Content) -> Path:
    """Where the project's content is, for messages about the site as a whole."""
    for brief in content.briefs.values():
        return brief.path.parent.parent
    return Path("content")


def brief_pages(library: Library, brief: Brief) -> list[Page]:
    folder = library.url(brief).rsplit("/", 1)[0]
    editions = [(other.slug, other.language, other.meta.title) for other in library.editions(brief)]
    links = sorted({library.link_target(brief, href) or "" for href in linked_files(brief)})
    topics = [[t.id, t.name(brief.language)] for t in library.topics_of[brief.slug]]
    facts = json.dumps([library.facts([brief]), editions, links, topics, library.series_folder[brief.slug]])
    made = [Page(library.url(brief), "edition", brief.path, library, (brief,), (), facts, brief)]
    shown = library.facts([brief])  # what a reference holds of the brief: its front matter, authors
    for kind, suffix in (("cite-bib", ".bib"), ("cite-json", ".json")):  # the brief as a reference
        name = f"{folder}/{safe_name(brief.slug, 'brief')}{suffix}"
        made.append(Page(name, kind, brief.path, library, (), (), shown, brief))
    for image, name in picture_names(brief).items():
        made.append(Page(f"{folder}/images/{name}", "copy", brief.path, library, (), (image,), "", image))
    pdf, pdf_url, thumbnail = (
        library.pdf.get(brief.slug),
        library.download(brief, "pdf"),
        library.thumbnail(brief),
    )
    if pdf is not None and pdf_url is not None and thumbnail is not None:  # all three or none
        made.append(Page(pdf_url, "link", brief.path, library, (), (pdf,), "", pdf))
        made.append(Page(thumbnail, "thumbnail", brief.path, library, (), (pdf,), "", pdf))
    print_pdf, print_url = library.print.get(brief.slug), library.download(brief, "print")
    if print_pdf is not None and print_url is not None:  # both or neither
        made.append(Page(print_url, "link", brief.path, library, (), (print_pdf,), "", print_pdf))
    return made


def shelf_files(library: Library, shelf: Shelf) -> list[Page]:
    """A collection's EPUB and covers (its page is a list: many_briefs)."""
    path = shelf.collection.path
    made: list[Page] = []
    cover = shelf_cover(shelf)
    if shelf.epub is not None:
        made.append(Page(shelf.epub_url, "link", path, library, (), (shelf.epub,), "", shelf.epub))
        if cover is not None:  # the EPUB's own
            made.append(Page(cover[0], "cover", path, library, (), (shelf.epub,), "", shelf.epub))
            made.append(Page(cover[1], "cover-small", path, library, (), (shelf.epub,), "", shelf.epub))
    return made


def shelf_cover(shelf: Shelf) -> tuple[str, str, str] | None:
    """(cover, small cover, media type) site paths of a collection whose EPUB has a cover (an EPUB
    still to be made will have one: the writer always gives it one)."""
    if shelf.epub is not None and not shelf.epub.exists():
        found: tuple[str, str] | None = ("", "image/png")
    else:
        found = pictures.epub_cover(shelf.epub) if shelf.epub is not None else None
    if found is None:
        return None
    folder = shelf.url.rsplit("/", 1)[0]
    return f"{folder}/cover{pictures.cover_suffix(found[1])}", f"{folder}/cover-small.png", found[1]


def picture_names(brief: Brief) -> dict[Path, str]:
    """Each picture of a brief, named inside the brief's images/ folder (unique, URL-safe)."""
    names: dict[Path, str] = {}
    for image in brief.images:
        if image.path in names:
            continue
        stem, suffix = safe_name(image.path.stem, "image"), safe_name(image.path.suffix.lstrip("."), "img")
        name, counter = f"{stem}.{suffix}", 1
        while name in names.values():
            counter += 1
            name = f"{stem}-{counter}.{suffix}"
        names[image.path] = name
    return names


def linked_files(brief: Brief) -> list[str]:
    """The relative links of a brief's text that may lead to another brief (`other.md#sec-2`)."""
    found = []

    def walk(tokens) -> None:
        for token in tokens:
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                if href.split("#")[0].split("?")[0].endswith(".md") and ":" not in href.split("/")[0]:
                    found.append(href)
            if token.children:
                walk(token.children)

    walk(brief.tokens)
    for blocks in brief.footnotes.values():
        walk(blocks)
    return found


def brand_logo(layout: Layout) -> Path | None:
    try:
        return layout.brand.logo
    except ContentError:
        return None  # the stylesheet's page reports the brand's problem


def logo_name(logo: Path) -> str:
    return f"logo.{safe_name(logo.suffix.lstrip('.'), 'img')}"


def font_pages(library: Library, layout: Layout, source: Path) -> list[Page]:
    """One subset font file per face of the brand that the site's text needs (fonts.py)."""
    from briefexport.writers.site.fonts import (
        font_files,
        needed_characters,
    )  # HarfBuzz: when fonts are planned

    try:
        needed = needed_characters(library, layout)  # a font is cut again only when its characters change
    except ContentError:
        return []  # the stylesheet's page reports the brand's problem
    return [
        Page(
            name,
            "font",
            source,
            library,
            (),
            (face.path,),
            hashlib.sha256("".join(sorted(needed.get(face.family, ()))).encode()).hexdigest(),
            face,
        )
        for name, face in font_files(layout, needed).items()
    ]
