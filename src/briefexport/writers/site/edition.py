"""A brief's web edition: the same parsed model as the PDF and EPUB (writers/shared/body_html.py in
its `web` footnote mode), laid out by `layouts/site/brief.html.j2` for reading in a browser, with
its metadata for link previews (Open Graph) and search engines (schema.org JSON-LD)."""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from briefexport.content import locale
from briefexport.content.model import Brief
from briefexport.writers.shared import links
from briefexport.writers.shared.body_html import render_body, render_web_notes
from briefexport.writers.shared.citations_html import bibliography_html
from briefexport.writers.shared.context import cite as context_cite
from briefexport.writers.shared.context import document_context, short_title
from briefexport.writers.shared.glyphs import require_glyphs
from briefexport.writers.shared.identifiers import brief_identifier
from briefexport.writers.shared.layout import Layout
from briefexport.writers.site import address, cite_this
from briefexport.writers.site.library import Library, safe_name
from briefexport.writers.site.pages import Page, picture_names


def og_locale(language: str) -> str:
    """Open Graph's `og:locale` (language_TERRITORY): the tag's own territory, else the likeliest
    one CLDR gives for its language (en_US, ko_KR, fr_FR, ar_EG); empty for a tag CLDR cannot read."""
    from babel.core import get_global

    parsed = locale.babel_locale(language)
    if parsed.language != locale.base_language(language):
        return ""
    likely = str(get_global("likely_subtags").get(parsed.language, ""))
    territory = parsed.territory if "-" in language and parsed.territory else likely.split("_")[-1]
    return f"{parsed.language}_{territory}" if territory and territory.isalpha() else parsed.language


def link_policy(brief: Brief, library: Library):
    """The one link policy (writers/shared/links.py): a link to another brief's file goes to that
    brief's web edition (`../other/index.html#sec-2`) when the site has it."""
    return links.link_policy(brief, lambda target: library.link_target(brief, target))


def context(page: Page, layout: Layout, entry: dict) -> dict:
    brief = page.about(Brief)
    library = page.library
    require_glyphs(brief, layout)
    labels = layout.labels(brief.language)
    names = picture_names(brief)

    def number(value: int | str) -> str:
        return layout.number(value, brief.language)

    def image_url(path: Path) -> str:
        return f"images/{names[path]}"

    link = link_policy(brief, library)
    pdf = library.download(brief, "pdf")
    document = document_context(brief, layout, Path("."))
    editions = [
        {
            "url": "../../" + library.url(other),
            "lang": other.language,
            "title": other.meta.title,
            "language": locale.language_name(other.language, brief.language),
        }
        for other in library.editions(brief)
    ]
    return {
        **document,
        "labels": labels,
        "entry": entry,
        "body": render_body(brief, "web", image_url, labels, link, number),
        "notes": render_web_notes(brief, image_url, labels, link, number),
        "editions": editions,
        "edition_note": linked_edition_note(document["edition_note"], editions, brief),
        "bylines": [
            {"author": p.author.localized(brief.language), "url": "../../" + p.url}
            for p in library.bylines[brief.slug]
        ],
        "description": " ".join((brief.meta.summary or brief.meta.subtitle or brief.meta.title).split()),
        "short_title": short_title(brief.meta.title),
        "og_locale": og_locale(brief.language),
        "json_ld": json_ld(brief, layout, editions),
        "bibliography": bibliography_html(brief),
        "scholar": cite_this.scholar_tags(
            brief, layout, pdf and (public_url(layout, pdf) or pdf.rsplit("/", 1)[-1])
        ),
        "cite_this": cite_this.formatted(brief, layout, public_url(layout, library.url(brief))),
        "cite_files": {kind: f"{safe_name(brief.slug, 'brief')}{kind}" for kind in (".bib", ".json")},
        **filed(page, brief),
        **og_image(page, layout, brief),
    }


def public_url(layout: Layout, path: str) -> str:
    """A site file's URL as readers reach it from anywhere: under the library's address when the
    brand gives one (address.py), else "" (a reference holds no relative URL)."""
    base = address.site_url(layout)
    return address.absolute(base, path) if base else ""


def filed(page: Page, brief: Brief) -> dict:
    """Where the brief is filed: its series, its year and its topics, each a list of the library."""
    library, root = page.library, page.root
    year = brief.meta.date.year
    series = library.series_folder[brief.slug]
    return {
        "series_link": {
            "name": library.series[series.rsplit("/", 1)[1]].name,
            "url": f"{root}{series}/index.html",
        },
        "year_link": {"name": str(year), "url": f"{root}years/{year}/index.html"},
        "topic_links": [
            {"name": t.name(brief.language), "url": root + t.url} for t in library.topics_of[brief.slug]
        ],
    }


def og_image(page: Page, layout: Layout, brief: Brief) -> dict:
    """The picture of page 1 for link previews, at its public address (only a site that knows its
    address has one: Open Graph wants an absolute URL)."""
    base = address.site_url(layout)
    thumbnail = page.library.thumbnail(brief)
    if not (base and thumbnail):
        return {"og_image": "", "og_image_alt": ""}
    return {"og_image": address.absolute(base, thumbnail), "og_image_alt": brief.meta.title}


def linked_edition_note(note: Markup | None, editions: list[dict], brief: Brief) -> Markup | None:
    """The edition note, its cited original linked to the original's web edition when the site has it."""
    original = brief.meta.translation_of
    if note is None or original is None:
        return note
    for other in editions:
        if locale.base_language(other["lang"]) == locale.base_language(original.language):
            cite = context_cite(original.language, original.title, brief.language)
            linked = (
                Markup('<a href="{}" hreflang="{}">').format(other["url"], other["lang"])
                + cite
                + Markup("</a>")
            )
            return Markup(str(note).replace(str(cite), str(linked), 1))
    return note


def json_ld(brief: Brief, layout: Layout, editions: list[dict]) -> Markup:
    """schema.org metadata (a ScholarlyArticle that is also a Report), as a JSON-LD data block."""
    brand, meta = layout.brand, brief.meta
    data = {
        "@context": "https://schema.org",
        "@type": ["ScholarlyArticle", "Report"],
        "@id": brief_identifier(brief),
        "identifier": brief_identifier(brief),
        "headline": meta.title,
        "name": meta.title,
        "inLanguage": brief.language,
        "datePublished": meta.date.isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": a.localized(brief.language).name,
                **(
                    {"jobTitle": a.localized(brief.language).role} if a.localized(brief.language).role else {}
                ),
            }
            for a in brief.authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": brand.name,
            **({"url": brand.url} if brand.url else {}),
        },
    }
    if meta.subtitle:
        data["alternativeHeadline"] = meta.subtitle
    if meta.number:
        data["reportNumber"] = meta.number
    if meta.summary:
        data["abstract"] = " ".join(meta.summary.split())
    if meta.keywords:
        data["keywords"] = list(meta.keywords)
    if meta.translation_of:
        data["translationOfWork"] = {
            "@type": "CreativeWork",
            "name": meta.translation_of.title,
            "inLanguage": meta.translation_of.language,
        }
    elif editions:
        data["workTranslation"] = [
            {"@type": "CreativeWork", "name": e["title"], "inLanguage": e["lang"], "url": e["url"]}
            for e in editions
        ]
    # `<` escaped, so no text in the data can end the script element that holds it
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return Markup(text)
