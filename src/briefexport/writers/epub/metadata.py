"""The EPUB's package metadata (OPF): title, creators, languages, dates, rights, subjects, and the
EPUB Accessibility 1.1 properties: only the features the tests check in every book
(tests/writers/test_epub.py), and no conformance claim."""

from __future__ import annotations

from ebooklib import epub

from briefexport.content import locale
from briefexport.content.locale import base_language
from briefexport.writers.epub.book import Book, Creator
from briefexport.writers.shared.context import rights
from briefexport.writers.shared.layout import BrandInfo

XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def describe(
    ebook: epub.EpubBook, book: Book, brand: BrandInfo, labels: dict, authors: list[Creator]
) -> None:
    """The package document's metadata: Dublin Core, creators in every script, accessibility."""
    has_images = any(brief.images for brief in book.briefs)
    dc = "DC"
    ebook.title = book.title
    ebook.add_metadata(dc, "title", book.title, {"id": "title"})
    ebook.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if book.subtitle:
        ebook.add_metadata(dc, "title", book.subtitle, {"id": "subtitle"})
        ebook.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    for index, author in enumerate(authors, 1):
        uid = f"creator-{index}"
        ebook.add_author(author.name, role="aut", uid=uid)
        for language, name in author.alternates:
            ebook.add_metadata(
                None,
                "meta",
                name,
                {"refines": f"#{uid}", "property": "alternate-script", XML_NS + "lang": language},
            )
    ebook.language = book.language
    if locale.direction(book.language) == "rtl":  # the spine's page-progression-direction
        ebook.set_direction("rtl")
    for language in book.languages:
        ebook.add_metadata(dc, "language", language)
    ebook.add_metadata(dc, "publisher", brand.name)
    ebook.add_metadata(dc, "date", book.date.isoformat())
    ebook.add_metadata(dc, "rights", rights(book.date.year, brand))
    if book.description:
        ebook.add_metadata(dc, "description", " ".join(book.description.split()))
    keywords: dict[str, str] = {}
    for brief in book.briefs:
        for keyword in brief.meta.keywords:
            keywords.setdefault(keyword, brief.language)
    for keyword, language in keywords.items():
        attributes = (
            {XML_NS + "lang": language} if base_language(language) != base_language(book.language) else {}
        )
        ebook.add_metadata(dc, "subject", keyword, attributes)

    # EPUB Accessibility 1.1 (https://www.w3.org/TR/epub-a11y-11/).
    modes = ["textual"] + (["visual"] if has_images else [])
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if has_images:
        features.append("alternativeText")
    a11y = [("schema:accessMode", mode) for mode in modes]
    a11y.append(("schema:accessModeSufficient", "textual"))
    if has_images:
        a11y.append(("schema:accessModeSufficient", "textual,visual"))
    a11y += [("schema:accessibilityFeature", feature) for feature in features]
    a11y.append(("schema:accessibilityHazard", "none"))
    a11y.append(("schema:accessibilitySummary", labels["accessibility_summary"]))
    # No `dcterms:conformsTo`: what the tests check (Ace by DAISY's automated rules, EPUBCheck, the
    # features above) is not an evaluation against WCAG, so the book claims no conformance.
    for prop, value in a11y:
        ebook.add_metadata(None, "meta", value, {"property": prop})
