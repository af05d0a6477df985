"""The book's XHTML documents: one per brief, in the brief's own language, rendered by the same
body function as the PDF and laid out by the templates in `layouts/epub/`; then the cover page,
title page, contents and colophon."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from briefexport import __version__
from briefexport.content import locale
from briefexport.content.model import Brief
from briefexport.errors import ContentError, Diagnostic
from briefexport.writers.epub.book import TEXT_DIR, Book, href
from briefexport.writers.shared.body_html import render_body, render_notes
from briefexport.writers.shared.citations_html import bibliography_html
from briefexport.writers.shared.context import document_context, edition_note, rights, series
from briefexport.writers.shared.layout import Layout
from briefexport.writers.shared.names import about_institute, names
from briefexport.writers.shared.xhtml import to_xhtml


@dataclass(frozen=True)
class Document:
    uid: str  # manifest id
    path: str  # inside EPUB/
    title: str
    data: bytes
    properties: tuple[str, ...] = ()


def common_context(
    book: Book, layout: Layout, chapters: list[tuple[Brief, str]], cover_name: str, logo: str | None
) -> dict:
    """What every page of the book shows: the book, the brand, and where its parts are."""
    brand = layout.brand
    book_labels = layout.labels(book.language)
    return {
        "book": book,
        "brand": brand,
        "address": str(brand.extra.get("address") or ""),
        "rights": rights(book.date.year, brand),
        "book_series": series(book.briefs[0], layout),
        "book_labels": book_labels,
        "book_institute": names(brand, book.language).institute,
        "book_disclaimer": about_institute(
            brand, book_labels, book.language, "disclaimer_collection" if book.is_collection else "disclaimer"
        ),
        "css_href": href("styles/book.css"),
        "logo_href": href(logo) if logo else "",
        "version": __version__,
        "cover_href": href(cover_name),
        "title_href": "title.xhtml",
        "nav_href": "nav.xhtml",
        "first_href": href(chapters[0][1]),
        "colophon_href": "colophon.xhtml",
        "lang": book.language,
        "direction": locale.direction(book.language),
        "year": book.date.year,
    }


def brief_document(
    brief: Brief,
    path: str,
    index: int,
    layout: Layout,
    out_root: Path,
    pictures: dict[Path, str],
    common: dict,
    link: Callable[[str], str | None],
) -> Document:
    """One brief as an XHTML chapter, in the brief's own language."""

    def image_url(source: Path) -> str:
        return href(pictures[source])

    labels = layout.labels(brief.language)
    note = edition_note(brief, layout)

    def number(value: int | str) -> str:
        return layout.number(value, brief.language)

    context = document_context(brief, layout, out_root)
    context.update(common)
    context.update(
        {
            "lang": brief.language,
            "direction": locale.direction(brief.language),
            "labels": labels,
            "body": Markup(to_xhtml(render_body(brief, "aside", image_url, labels, number=number), link)),
            "notes": Markup(to_xhtml(render_notes(brief, image_url, labels, number), link)),
            "bibliography": Markup(to_xhtml(bibliography_html(brief, epub=True), link)),
            "edition_note": Markup(to_xhtml(note)) if note else None,
        }
    )
    data = layout.render("epub/brief.xhtml.j2", **context).encode("utf-8")
    return Document(f"brief-{index}", path, brief.meta.title, well_formed(data, "brief.xhtml.j2", layout))


FRONT = (
    ("cover", "cover", "cover.xhtml.j2", ()),
    ("title-page", "title_page", "title.xhtml.j2", ()),
    ("nav", "contents", "nav.xhtml.j2", ("nav",)),
)
BACK = (("colophon", "colophon", "colophon.xhtml.j2", ()),)


def book_pages(pages, layout: Layout, context: dict) -> list[Document]:
    """The cover page, title page and contents (FRONT), or the colophon (BACK)."""
    labels = context["labels"]
    documents = []
    for uid, label, template, properties in pages:
        path = f"{TEXT_DIR}/{template.removesuffix('.j2')}"
        data = well_formed(layout.render(f"epub/{template}", **context).encode("utf-8"), template, layout)
        documents.append(Document(uid, path, labels[label], data, properties))
    return documents


def well_formed(data: bytes, template: str, layout: Layout) -> bytes:
    """`data` if it parses as XML, else a located error naming the template."""
    try:
        etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        name = f"layouts/epub/{template}"
        for directory in layout.dirs:
            if (directory / "epub" / template).is_file():
                name = layout.project.display(directory / "epub" / template)
                break
        raise ContentError(
            Diagnostic(name, 0, 0, f"the template makes XHTML that is not well-formed: {exc}")
        ) from None
    return data
