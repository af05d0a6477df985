"""Page one and the back matter of a Word draft, each part in its own named style (so the importer
knows them from the body): the masthead and byline; About the Author(s), the edition note, the
colophon."""

from __future__ import annotations

from lxml import etree

from briefexport.content import editions
from briefexport.content.locale import direction, left_to_right
from briefexport.content.model import Brief
from briefexport.writers.docx.language import word_language
from briefexport.writers.docx.oxml import el, hyperlink, paragraph, rpr, set_ppr, text_run
from briefexport.writers.docx.runs import Story
from briefexport.writers.shared.layout import Layout


def para(reference, style: str, *runs) -> etree._Element:
    p = paragraph(reference.style(style))
    for run in runs:
        if run is not None:
            p.append(run)
    return p


def styled_run(reference, text: str, char_style: str | None = None, **flags) -> etree._Element:
    return text_run(text, rpr(reference.style(char_style) if char_style else None, **flags))


def masthead(
    story: Story, reference, brief: Brief, context: dict, layout: Layout, logo: etree._Element | None = None
) -> None:
    """Series band (with the brand's `logo` run beside its name, as in the PDF), issue line, title
    block and byline, each in its own named style."""
    meta, labels = brief.meta, context["labels"]
    story.append(
        para(
            reference,
            "Brief Series",
            text_run(f"{context['series']}\t"),
            logo,
            text_run("\u2002") if logo is not None else None,
            styled_run(reference, layout.brand.name, "Brief Institute"),
        )
    )
    if meta.edition:
        story.append(para(reference, "Brief Edition", text_run(meta.edition)))
    if meta.number:
        number = left_to_right(meta.number, direction(brief.language))
        story.append(para(reference, "Brief Number", text_run(f"{labels['number']} {number}")))
    if brief.is_draft:
        story.append(para(reference, "Brief Draft", text_run(labels["draft_note"])))
    story.append(para(reference, "Title", text_run(meta.title)))
    if meta.subtitle:
        story.append(para(reference, "Subtitle", text_run(meta.subtitle)))
    for author in context["authors"]:
        role = styled_run(reference, f"\u2002{author.role}", "Brief Role") if author.role else None
        story.append(para(reference, "Brief Author", text_run(author.name), role))
    story.append(para(reference, "Brief Date", text_run(layout.date(meta.date, brief.language))))


def back_matter(story: Story, reference, brief: Brief, context: dict, layout: Layout) -> None:
    labels, authors, brand = context["labels"], context["authors"], layout.brand
    story.append(
        para(
            reference,
            "Heading 1",
            text_run(labels["about_authors"] if len(authors) > 1 else labels["about_author"]),
        )
    )
    for author in authors:
        name = para(
            reference,
            "Brief Bio",
            styled_run(reference, author.name, "Strong"),
            styled_run(reference, f"\u2002{author.role}", "Brief Role") if author.role else None,
        )
        if author.bio:
            set_ppr(name, el("w:keepNext"))
            set_ppr(name, el("w:spacing", {"w:after": 40}))
        story.append(name)
        if author.bio:
            story.append(para(reference, "Brief Bio", text_run(author.bio)))

    note = editions.edition_note(brief.meta, context["series"], labels)
    if note is not None:
        story.append(para(reference, "Heading 1", text_run(labels["edition_note"])))
        story.append(edition_note(reference, note, brand.extra.get("regions")))

    story.append(para(reference, "Brief Colophon", styled_run(reference, context["institute"], "Strong")))
    address = context["brand_extra"].get("address")
    if address:
        story.append(para(reference, "Brief Colophon", text_run(str(address))))
    if brand.url:
        p = para(reference, "Brief Colophon")
        link = hyperlink(story.part, brand.url)
        link.append(styled_run(reference, brand.url, "Hyperlink"))
        p.append(link)
        story.append(p)
    story.append(para(reference, "Brief Colophon", text_run(context["copyright"])))
    story.append(para(reference, "Brief Colophon", text_run(context["disclaimer"])))


def edition_note(reference, note: editions.EditionNote, regions: dict | None = None) -> etree._Element:
    """ "This Executive Summary is based on Issue Brief No. 2026-09, <original title>." with the
    original title marked in its own language (so Word checks Hangul as Korean); the series as the
    masthead names it, like the print edition's note (content/editions.py)."""
    return para(
        reference,
        "Brief Bio",
        text_run(note.before),
        text_run(note.title, rpr(lang=word_language(note.language, regions))),
        text_run(note.after),
    )
