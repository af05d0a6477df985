"""What every format shows around a brief's body, in the brief's language: series, short title,
authors, edition note, copyright line and disclaimer."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape

from briefexport import __version__
from briefexport.content import editions, locale
from briefexport.content.model import Brief
from briefexport.writers.shared.layout import BrandInfo, Layout, relative_url
from briefexport.writers.shared.names import about_institute, names


def series(brief: Brief, layout: Layout) -> str:
    """The series a brief belongs to: its own, else the brand's in the brief's language (`names:`),
    else the brand's, else "Issue Brief" in its language."""
    brand = layout.brand
    return (
        brief.meta.series
        or names(brand, brief.language).series
        or str(brand.extra.get("series") or "")
        or layout.labels(brief.language)["series"]
    )


def rights(year: int, brand: BrandInfo) -> str:
    """The copyright line, from the brand's template."""
    return str(brand.extra.get("copyright") or "© {year} {institute}").format(year=year, institute=brand.name)


def short_title(title: str, limit: int = 72) -> str:
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def edition_note(brief: Brief, layout: Layout) -> Markup | None:
    """The edition note as HTML ("This Executive Summary is based on Issue Brief No. 2026-09,
    <title>."), the original's title a `<cite>` in its own language (and direction, where it runs
    against the page) and its series named as this edition's masthead names it (the same series, in
    this edition's language); the original's number kept left to right on a right-to-left page."""
    note = editions.edition_note(brief.meta, series(brief, layout), layout.labels(brief.language))
    if note is None:
        return None
    return escape(note.before) + cite(note.language, note.title, brief.language) + escape(note.after)


def cite(language: str, title: str, in_language: str) -> Markup:
    """A title quoted in another language: marked with its language, and with its direction where
    that differs from the text around it (an English title in an Arabic brief keeps its order)."""
    direction = locale.direction(language)
    if direction != locale.direction(in_language):
        return Markup('<cite lang="{}" dir="{}">{}</cite>').format(language, direction, title)
    return Markup('<cite lang="{}">{}</cite>').format(language, title)


def document_context(brief: Brief, layout: Layout, base_dir: Path) -> dict:
    """Everything the brief templates (print and EPUB) show, localized to the brief's language."""
    brand = layout.brand
    labels = layout.labels(brief.language)
    authors = [author.localized(brief.language) for author in brief.authors]
    return {
        "brief": brief,
        "meta": brief.meta,
        "authors": authors,
        "labels": labels,
        "series": series(brief, layout),
        "short_title": short_title(brief.meta.title),
        "base_lang": locale.base_language(brief.language),
        "text_lang": locale.hyphenation_language(brief.language),
        "direction": locale.direction(brief.language),
        "brand": brand,
        "brand_extra": brand.extra,
        "logo_url": relative_url(brand.logo, base_dir) if brand.logo else "",
        "edition_note": edition_note(brief, layout),
        "copyright": rights(brief.meta.date.year, brand),
        "institute": names(brand, brief.language).institute,
        "disclaimer": about_institute(brand, labels, brief.language, "disclaimer"),
        "version": __version__,
    }
