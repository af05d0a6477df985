"""Word drafts: a brief as a DOCX staff can edit, built from the designer's reference document.

The document starts from `layouts/docx/reference.docx` (checked for every style used), takes
the brand's colours and fonts through its theme, and gets: the masthead in named paragraph
styles (page.py), the body (body.py: Word headings, numbered lists, tables, pictures, real
footnotes), About the Author(s), the edition note and the colophon; running header and footer
(running_heads.py); core properties from the brief. Output is byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from lxml import etree

from briefexport.content.locale import base_language, is_rtl
from briefexport.content.model import Brief
from briefexport.errors import ContentError, Diagnostic
from briefexport.writers import Rendered
from briefexport.writers.docx import citations, theme
from briefexport.writers.docx.bidi import right_to_left
from briefexport.writers.docx.body import BodyWriter
from briefexport.writers.docx.boxes import drop_box_styles
from briefexport.writers.docx.captions import caption_bookmark
from briefexport.writers.docx.fonts import document_text, embed_fonts
from briefexport.writers.docx.footnotes import Footnotes
from briefexport.writers.docx.language import mark_runs, set_language, word_language
from briefexport.writers.docx.numbering import Numbering
from briefexport.writers.docx.oxml import bookmark_name, clean, paragraph, qn, text_run
from briefexport.writers.docx.page import back_matter, masthead
from briefexport.writers.docx.pictures import Pictures
from briefexport.writers.docx.provenance import Provenance, attach
from briefexport.writers.docx.reference import Reference
from briefexport.writers.docx.reference import load as load_reference
from briefexport.writers.docx.running_heads import Page
from briefexport.writers.docx.runs import Story
from briefexport.writers.docx.saving import entries
from briefexport.writers.docx.svg_fallback import FALLBACKS
from briefexport.writers.shared import reproducible_zip
from briefexport.writers.shared.context import document_context
from briefexport.writers.shared.glyphs import require_glyphs
from briefexport.writers.shared.layout import Layout

LOGO_HEIGHT = 324000  # EMU: 9 mm, the logo's height in the PDF's masthead


def render(brief: Brief, layout: Layout, out_root: Path) -> Rendered:
    if not isinstance(brief, Brief):
        raise TypeError("the DOCX writer makes one document per brief")
    require_glyphs(brief, layout)
    reference = load_reference(layout)
    document = reference.new_document()
    lang = word_language(brief.language, layout.brand.extra.get("regions"))
    if brief.citations is None:
        citations.drop_citation_styles(document, reference)
    if "boxes" not in brief.uses:
        drop_box_styles(document, reference)
    theme.apply(document, layout.brand, brief.language)
    set_language(document, lang)
    tidy_settings(document)
    context = document_context(brief, layout, out_root / "docx")
    shown = layout.project.display(brief.path)

    body = document.element.body
    story = Story(document.part, body.sectPr.addprevious)
    writer = BodyWriter(
        brief,
        reference,
        Footnotes(document, reference.style("Footnote Text"), reference.style("Footnote Reference")),
        Numbering(document, reference.list_nums["List Bullet"], reference.list_nums["List Number"]),
        Pictures(document.part.package, layout.cache(FALLBACKS)),
        context["labels"],
        project=layout.project,
    )

    heading_fonts = theme.theme_fonts(layout.brand, brief.language)["major"]
    base = base_language(brief.language)
    family = (
        heading_fonts.east_asian
        if base in theme.EAST_ASIAN
        else heading_fonts.complex
        if base in theme.SCRIPTS
        else heading_fonts.latin
    )
    Page(document, reference, brief, context, family).running_heads()
    logo = (
        writer.logo(layout.brand.logo, layout.brand.short_name, LOGO_HEIGHT, story)
        if layout.brand.logo
        else None
    )
    masthead(story, reference, brief, context, layout, logo)
    writer.write_body(story)
    if brief.citations is not None and brief.citations.entries:
        bibliography(story, reference, brief, document, shown)
    back_matter(story, reference, brief, context, layout)
    warnings = metadata(document, brief, context, lang, shown)
    parts = text_parts(document)
    mark_runs(parts, lang)
    if is_rtl(brief.language):
        right_to_left(document, parts, reference.style("Brief Colophon"))
    embed_fonts(document, layout, document_text(parts), brief.language)
    attach(
        document,
        Provenance(
            brief.slug,
            layout.project.display(brief.path),
            brief.source_hash,
            brief.front_matter,
            writer.picture_sources,
            draft_ids(brief),
        ),
        citations.preferences(brief.citations) if brief.citations is not None else {},
    )

    return Rendered(
        reproducible_zip.write(
            entries(document), modified_time(brief), first=("[Content_Types].xml", "_rels/.rels")
        ),
        tuple(warnings),
    )


def bibliography(story: Story, reference: Reference, brief: Brief, document: Document, shown: str) -> None:
    """The bibliography after the body, before About the Author(s): its heading, then the
    entries in one Zotero field."""
    assert brief.citations is not None
    heading = paragraph(reference.style("Heading 1"))  # a section of the brief, as About the Authors
    heading.append(text_run(brief.citations.heading))
    story.append(heading)
    if not reference.has("Bibliography"):
        raise ContentError(
            Diagnostic(
                reference.shown,
                0,
                0,
                f"missing style `Bibliography`, which {shown} needs for its citations",
                "add a paragraph style named Bibliography in Word (or remake the reference document "
                "with tools/make_reference_docx.py)",
            )
        )
    style = reference.style("Bibliography")
    for p in citations.bibliography_paragraphs(brief.citations, style, document.part):
        story.append(p)


def draft_ids(brief: Brief) -> dict[str, str]:
    """The brief's own ids by the bookmark that carries each in the draft, so that a draft imported
    without its source gets them back (`{#fig-use}` from `_Ref_fig_use`)."""
    ids = {}
    for name, target in brief.targets.items():
        if name == target.id and (target.kind != "sec" or target.alias):
            ids[caption_bookmark(name) if target.kind != "sec" else bookmark_name(name)] = name
    return ids


def brief_time(brief: Brief) -> dt.datetime:
    return dt.datetime.combine(brief.meta.date, dt.time(0, 0))


def modified_time(brief: Brief) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the brief's date; naive UTC."""
    epoch = reproducible_zip.source_date_epoch()
    return epoch.replace(tzinfo=None) if epoch else brief_time(brief)


def text_parts(document: Document) -> list[etree._Element]:
    """The parts that hold text: the body, the footnotes, the headers and footers."""
    kinds = (CT.WML_DOCUMENT_MAIN, CT.WML_FOOTNOTES, CT.WML_HEADER, CT.WML_FOOTER)
    return [
        part.element
        for part in document.part.package.iter_parts()
        if part.content_type in kinds and hasattr(part, "element")
    ]


CORE_LIMIT = 255  # characters of a core property: Word's limit (python-docx refuses longer ones)


def core_text(value: str, limit: int = CORE_LIMIT) -> str:
    """`value` cut at a word boundary to fit a core property, with an ellipsis when cut."""
    value = clean(value)
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ")
    return (cut or value[: limit - 1]) + "…"


def core_list(items: list[str], limit: int = CORE_LIMIT) -> str:
    """As many whole items, joined by ", ", as fit a core property."""
    joined = ""
    for item in items:
        candidate = f"{joined}, {clean(item)}" if joined else clean(item)
        if len(candidate) > limit:
            break
        joined = candidate
    return joined or core_text(items[0], limit) if items else ""


def metadata(document: Document, brief: Brief, context: dict, lang: str, shown: str) -> list[Diagnostic]:
    """The document's core properties; a warning, located at the front matter key, for each
    value cut to fit Word's 255 characters (the text itself is never cut)."""
    meta = brief.meta
    core = document.core_properties
    warnings: list[Diagnostic] = []

    def fit(key: str, full: str, made: str) -> str:
        if clean(full) != made:
            line = _front_line(brief, key)
            warnings.append(
                Diagnostic(
                    shown,
                    line,
                    1,
                    f"{key}: the Word draft's document properties keep {len(made)} of its {len(clean(full))} "
                    f"characters (Word's limit is {CORE_LIMIT}); the text itself is whole",
                    severity="warning",
                )
            )
        return made

    core.title = fit("title", meta.title, core_text(meta.title))
    set_core_text(document, "dc:subject", meta.summary or meta.subtitle or "")
    authors = "; ".join(author.name for author in context["authors"])
    core.author = fit("authors", authors, core_text(authors))
    keywords = ", ".join(meta.keywords)
    core.keywords = fit("keywords", keywords, core_list(list(meta.keywords)))
    core.category = core_text(context["series"])
    core.comments = ""
    core.identifier = core_text(meta.number or "")
    core.language = lang
    core.content_status = "Draft" if brief.is_draft else "Final"
    core.created = brief_time(brief)
    core.modified = modified_time(brief)
    core.last_modified_by = "briefexport"
    core.revision = 1
    core.version = ""
    return warnings


def _front_line(brief: Brief, key: str) -> int:
    """The line of `key:` in the brief's front matter (which starts on line 2), else 2."""
    for number, line in enumerate(brief.front_matter.split("\n"), 2):
        if line.startswith(f"{key}:"):
            return number
    return 2


def set_core_text(document: Document, tag: str, value: str) -> None:
    """A core property without python-docx's 255-character cap (its own rule, not OOXML's:
    a summary is longer)."""
    root = document.core_properties._element  # noqa: SLF001
    node = root.find(qn(tag))
    if node is None:
        node = etree.SubElement(root, qn(tag))
    node.text = clean(value)


def tidy_settings(document: Document) -> None:
    """Let Word spell-check afresh (a proofState copied from the reference says "already checked")."""
    settings = document.settings.element
    for node in settings.findall(qn("w:proofState")):
        settings.remove(node)
