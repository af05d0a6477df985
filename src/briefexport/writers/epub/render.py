"""EPUB 3 with EbookLib: a collection of briefs (or a single brief) as one reflowable book."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefexport.content import locale
from briefexport.content.model import Brief, Collection
from briefexport.errors import Diagnostic
from briefexport.writers import Rendered
from briefexport.writers.epub import documents, fonts, metadata, package
from briefexport.writers.epub.book import as_book, chapter_paths, creators, href, toc_entries
from briefexport.writers.epub.cover import book_cover
from briefexport.writers.epub.links import link_policy
from briefexport.writers.shared import fonts as shared_fonts
from briefexport.writers.shared import reproducible_zip
from briefexport.writers.shared.glyphs import require_glyphs
from briefexport.writers.shared.layout import Layout


def render(item: Brief | Collection, layout: Layout, out_root: Path) -> Rendered:
    book = as_book(item)
    require_glyphs(item, layout)
    brand, labels = layout.brand, layout.labels(book.language)
    moment = reproducible_zip.source_date_epoch() or dt.datetime.combine(book.date, dt.time(), dt.UTC)
    cover = book_cover(book, layout)
    pictures = package.book_pictures(book, layout)
    logo = package.add_logo(layout, pictures)
    chapters = chapter_paths(book)
    common = documents.common_context(book, layout, chapters, cover.name, logo)

    warnings: list[Diagnostic] = []  # links that lead nowhere in the book
    briefs = [
        documents.brief_document(
            brief,
            path,
            index,
            layout,
            out_root,
            pictures.names,
            common,
            link_policy(brief, chapters, layout, warnings),
        )
        for index, (brief, path) in enumerate(chapters, 1)
    ]
    entries = toc_entries(chapters)
    context = dict(
        common,
        entries=entries,
        authors=creators(book),
        labels=labels,
        fonts_used=sorted({face.family for face in brand.fonts}),
        identifier=book.identifier,
    )
    front = documents.book_pages(documents.FRONT, layout, context)

    # Fonts subset to the characters of every document, per language; the colophon then names
    # the fonts actually embedded (its text was counted with all of them).
    families = shared_fonts.families(brand, book.languages)
    rtl = any(locale.direction(language) == "rtl" for language in book.languages)
    counters = {lang: locale.counter_style(lang, brand.extra) for lang in families}
    uses = frozenset().union(*(brief.uses for brief in book.briefs))  # the rules the stylesheet needs
    cites = any(brief.citations is not None for brief in book.briefs)
    look = {
        "families": families,
        "labels": labels,
        "rtl": rtl,
        "counters": counters,
        "uses": uses,
        "citations": cites,
    }
    css_without_fonts = layout.render("epub/book.css.j2", brand=brand, fonts=[], **look)
    texts = fonts.characters_by_language(
        [d.data for d in briefs + front + documents.book_pages(documents.BACK, layout, context)],
        book.language,
    )
    embedded = fonts.embedded_fonts(layout, shared_fonts.font_characters(brand, texts, css_without_fonts))
    context["fonts_used"] = sorted({font.family for font in embedded})
    back = documents.book_pages(documents.BACK, layout, context)
    faces = [
        {"family": f.family, "url": href(f.href), "weight": f.weight, "style": f.style} for f in embedded
    ]
    css = layout.render("epub/book.css.j2", brand=brand, fonts=faces, **look)

    ebook = package.new_package(book)
    metadata.describe(ebook, book, brand, labels, context["authors"])
    data = package.write_package(
        ebook,
        layout,
        cover=cover,
        css=css,
        fonts=embedded,
        pictures=pictures,
        spine=front + briefs + back,
        toc=package.ncx_toc(entries),
        moment=moment,
    )
    return Rendered(data, tuple(warnings))
