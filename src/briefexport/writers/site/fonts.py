"""The site's fonts: the brand's bundled fonts, each subset (writers/shared/subset.py) to the
characters the site's pages can show in the languages it is the first choice for, like the EPUB's.
No font is fetched from anywhere: the pages name these files in style.css.

The characters come from the model (every brief's text, notes and metadata, its authors, the
collections, the labels and the brand), not from the rendered pages, so that each font is made
by one job without rendering every page first. It may hold a few characters no page shows
(Markdown punctuation); it never lacks one a page shows.
"""

from __future__ import annotations

from briefexport import __version__
from briefexport.content import locale
from briefexport.content.model import Brief
from briefexport.errors import ContentError, Diagnostic
from briefexport.safety.files import check_file
from briefexport.writers.shared.context import rights
from briefexport.writers.shared.fonts import font_characters
from briefexport.writers.shared.layout import FontFace, Layout
from briefexport.writers.shared.names import given_names
from briefexport.writers.shared.subset import font_suffix, subset_font
from briefexport.writers.site.library import Library, safe_name

# Drawn by the pages themselves (stylesheet content, arrows of back links, separators).
SITE_CHARACTERS = "#\u21a9\u00b7\u2013\u2014\u2192()[]:/|@%\u2019\u201c\u201d'\""


def brief_characters(brief: Brief, layout: Layout) -> set[str]:
    chars: set[str] = set()

    def walk(tokens) -> None:
        for token in tokens:
            chars.update(token.content)
            if token.children:
                walk(token.children)

    walk(brief.tokens)
    for blocks in brief.footnotes.values():
        walk(blocks)
    meta = brief.meta
    for text in (
        meta.title,
        meta.subtitle,
        meta.series,
        meta.edition,
        meta.number,
        meta.summary,
        *meta.keywords,
        layout.date(meta.date, brief.language),
        layout.number("0123456789", brief.language),  # note numbers
        str(meta.date.year),
    ):
        chars.update(text or "")
    for author in brief.authors:
        localized = author.localized(brief.language)
        chars.update(localized.name + localized.role + localized.bio)
    return chars


def site_characters(library: Library, layout: Layout) -> dict[str, set[str]]:
    """The characters of the site, by the (base) language of the text they appear in."""
    brand = layout.brand
    found: dict[str, set[str]] = {}
    languages = {"en"} | {brief.language for brief in library.briefs}
    for language in languages:
        chars = found.setdefault(locale.base_language(language), set())
        chars.update(" ".join(layout.labels(language).values()))
        chars.update("".join(locale.language_name(other, language) for other in languages))
        chars.update(brand.name + brand.short_name + str(brand.extra.get("address") or "") + brand.url)
        chars.update(given_names(brand))
        chars.update(SITE_CHARACTERS + __version__)
        chars.update(rights(2000, brand))
    for brief in library.briefs:
        found[locale.base_language(brief.language)].update(brief_characters(brief, layout))
        original = brief.meta.translation_of
        if original is not None:  # its title is shown in its own language
            found.setdefault(locale.base_language(original.language), set()).update(original.title)
    for shelf in library.shelves:
        meta = shelf.collection.meta
        found.setdefault(locale.base_language(meta.language), set()).update(
            (meta.title or "") + (meta.subtitle or "") + (meta.description or "")
        )
    for person in library.people.values():  # author pages: their main entry
        found["en"].update(
            person.author.name + person.author.role + person.author.bio + person.author.affiliation
        )
    return found


def needed_characters(library: Library, layout: Layout) -> dict[str, set[str]]:
    """The characters each font family of the brand must have (found once per library: the
    stylesheet and every font file ask, and it walks the text of every brief)."""
    if "needed" not in library.memo:
        library.memo["needed"] = font_characters(layout.brand, site_characters(library, layout), "")
    return library.memo["needed"]


def font_files(layout: Layout, needed: dict[str, set[str]]) -> dict[str, FontFace]:
    """The font files the site needs (`fonts/<name>.ttf`, or .otf for PostScript outlines -> the
    brand's face it is cut from), given
    the characters each family must have."""
    files: dict[str, FontFace] = {}
    for face in layout.brand.fonts:
        if face.family in needed:
            stem, suffix = safe_name(face.path.stem, "font"), font_suffix(face.path)
            name, counter = f"fonts/{stem}{suffix}", 1
            while name in files:
                counter += 1
                name = f"fonts/{stem}-{counter}{suffix}"
            files[name] = face
    return files


def font_data(face: FontFace, library: Library, layout: Layout) -> bytes:
    chars = needed_characters(library, layout).get(face.family, set())
    path = check_file(face.path, layout.project)
    try:
        return subset_font(path, chars)
    except ValueError as exc:
        raise ContentError(
            Diagnostic(
                layout.project.display(path),
                0,
                0,
                f"font of `{face.family}`: {exc}",
                "point the brand's font at a TrueType or OpenType file",
            )
        ) from None
