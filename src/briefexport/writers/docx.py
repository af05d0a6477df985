"""Word drafts: a brief as a DOCX staff can edit, built from the designer's reference document.

The document starts from `layouts/docx/reference.docx` (checked for every style used), takes
the brand's colours and fonts through its theme, and gets: the masthead in named paragraph
styles, the body (docx_body: Word headings, numbered lists, tables, pictures, real
footnotes), About the Author(s), the edition note and the colophon; running header and
footer; core properties from the brief. Output is byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx.document import Document
from lxml import etree

from briefexport import docx_brand, docx_reference, i18n, zipfix
from briefexport.docx_body import BodyWriter, Story
from briefexport.docx_footnotes import Footnotes
from briefexport.docx_numbering import Numbering
from briefexport.docx_pictures import Pictures
from briefexport.docx_oxml import clean, el, field, hyperlink, paragraph, parse_xml, qn, rpr, set_ppr, text_run
from briefexport.layouts import Layout
from briefexport.model import Brief
from briefexport.writers.html import document_context

DRAFT_RED = "B3261E"


def render(brief: Brief, layout: Layout, out_root: Path) -> bytes:
    if not isinstance(brief, Brief):
        raise TypeError("the DOCX writer makes one document per brief")
    reference = docx_reference.load(layout)
    document = reference.new_document()
    docx_brand.apply(document, layout.brand, brief.language)
    _tidy_settings(document)
    context = document_context(brief, layout, out_root / "docx")
    shown = layout.project.display(brief.path)

    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    body = document.element.body
    story = Story(document.part, body.sectPr.addprevious)
    writer = BodyWriter(
        brief, reference,
        Footnotes(document, reference.style("Footnote Text"), reference.style("Footnote Reference")),
        Numbering(document, reference.list_nums["List Bullet"], reference.list_nums["List Number"]),
        Pictures(document.part.package), context["labels"], int(text_width), int(text_height), shown,
        project=layout.project,
    )

    heading_fonts = docx_brand.theme_fonts(layout.brand)["major"]
    family = heading_fonts[1] if i18n.base_language(brief.language) == "ko" else heading_fonts[0]
    Page(document, reference, brief, context, family).running_heads()
    masthead(story, reference, brief, context, layout)
    writer.write(brief.tokens, story)
    back_matter(story, reference, brief, context, layout)
    metadata(document, brief, context)

    buffer = io.BytesIO()
    document.save(buffer)
    return zipfix.normalize(buffer.getvalue(), modified_time(brief), first=("[Content_Types].xml", "_rels/.rels"))


# -- page one ---------------------------------------------------------------------------------

def para(reference, style: str, *runs) -> etree._Element:
    p = paragraph(reference.style(style))
    for run in runs:
        if run is not None:
            p.append(run)
    return p


def styled_run(reference, text: str, char_style: str | None = None, **flags) -> etree._Element:
    return text_run(text, rpr(reference.style(char_style) if char_style else None, **flags))


def masthead(story: Story, reference, brief: Brief, context: dict, layout: Layout) -> None:
    """Series band, issue line, title block and byline, each in its own named style."""
    meta, labels = brief.meta, context["labels"]
    story.append(para(reference, "Brief Series", text_run(f"{context['series']}\t"),
                      styled_run(reference, layout.brand.name, "Brief Institute")))
    if meta.edition:
        story.append(para(reference, "Brief Edition", text_run(meta.edition)))
    if meta.number:
        story.append(para(reference, "Brief Number", text_run(f"{labels['number']} {meta.number}")))
    if brief.is_draft:
        story.append(para(reference, "Brief Draft", text_run(labels["draft_note"])))
    story.append(para(reference, "Title", text_run(meta.title)))
    if meta.subtitle:
        story.append(para(reference, "Subtitle", text_run(meta.subtitle)))
    for author in context["authors"]:
        role = styled_run(reference, f"\u2002{author.role}", "Brief Role") if author.role else None
        story.append(para(reference, "Brief Author", text_run(author.name), role))
    story.append(para(reference, "Brief Date", text_run(i18n.format_date(meta.date, brief.language))))


# -- back matter ------------------------------------------------------------------------------

def back_matter(story: Story, reference, brief: Brief, context: dict, layout: Layout) -> None:
    labels, authors = context["labels"], context["authors"]
    story.append(para(reference, "Heading 1",
                      text_run(labels["about_authors"] if len(authors) > 1 else labels["about_author"])))
    for author in authors:
        name = para(reference, "Brief Bio", styled_run(reference, author.name, "Strong"),
                    styled_run(reference, f"\u2002{author.role}", "Brief Role") if author.role else None)
        if author.bio:
            set_ppr(name, el("w:keepNext"))
            set_ppr(name, el("w:spacing", {"w:after": 40}))
        story.append(name)
        if author.bio:
            story.append(para(reference, "Brief Bio", text_run(author.bio)))

    original = brief.meta.translation_of
    if original is not None:
        story.append(para(reference, "Heading 1", text_run(labels["edition_note"])))
        story.append(edition_note(reference, brief, labels))

    brand = layout.brand
    story.append(para(reference, "Brief Colophon", styled_run(reference, brand.name, "Strong")))
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


def edition_note(reference, brief: Brief, labels: dict) -> etree._Element:
    """"This Executive Summary is based on Issue Brief No. 2026-09, <original title>." with the
    original title marked in its own language (so Word checks Hangul as Korean)."""
    original = brief.meta.translation_of
    key = "translation_of" if brief.meta.edition else "translation_of_plain"
    series = brief.meta.series or labels["series"]  # as the print edition words it
    before, _, after = labels[key].partition("{title}")
    values = {"edition": brief.meta.edition or "", "series": series, "number": original.number}
    lang = docx_brand.word_language(original.language)
    return para(reference, "Brief Bio", text_run(before.format(**values)),
                text_run(original.title, rpr(lang=lang)), text_run(after.format(**values)))


# -- running heads ----------------------------------------------------------------------------

class Page:
    """Header (short title; DRAFT) and footer (series, number, page) on pages after the first;
    page one carries the masthead instead. Drafts get a DRAFT watermark on every page."""

    def __init__(self, document: Document, reference, brief: Brief, context: dict, family: str):
        self.document, self.reference, self.brief, self.context = document, reference, brief, context
        self.family = family

    def running_heads(self) -> None:
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        labels, meta = self.context["labels"], self.brief.meta
        draft = self.brief.is_draft

        header = self.fresh(section.header)
        p = para(self.reference, "Header", text_run(self.context["short_title"]))
        if draft:
            p.append(text_run("\t"))
            p.append(text_run(labels["draft"], rpr(bold=True, color=DRAFT_RED)))
            p.append(watermark(labels["draft"], self.family))
        header.append(p)

        first_header = self.fresh(section.first_page_header)
        p = para(self.reference, "Header")
        if draft:
            p.append(watermark(labels["draft"], self.family))
        first_header.append(p)

        footer = self.fresh(section.footer)
        where = f"{labels['number']} {meta.number}" if meta.number else labels["draft"]
        page = labels["page"] + " " if i18n.base_language(self.brief.language) == "en" else ""
        p = para(self.reference, "Footer", text_run(f"{self.context['series']} \u00b7 {where}\t{page}"),
                 field("PAGE", "1"), text_run(" / "), field("NUMPAGES", "1"))
        footer.append(p)
        self.fresh(section.first_page_footer).append(para(self.reference, "Footer"))

    @staticmethod
    def fresh(part_story) -> etree._Element:
        """The header or footer element, emptied (the reference document's are specimens)."""
        root = part_story._element  # noqa: SLF001 (python-docx exposes no way to clear a header)
        for child in list(root):
            root.remove(child)
        return root


_WATERMARK = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:w10="urn:schemas-microsoft-com:office:word"><w:rPr><w:noProof/></w:rPr><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>
<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
<v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#d8d8d8" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-size:1pt" string=""/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>"""


def watermark(text: str, family: str) -> etree._Element:
    """Word's own text watermark (Design > Watermark): a VML text path behind the page."""
    run = parse_xml(_WATERMARK.encode())
    path = run.find(".//{urn:schemas-microsoft-com:vml}shape/{urn:schemas-microsoft-com:vml}textpath")
    path.set("string", clean(text))
    family = clean(family).replace('"', "").replace(";", "")
    path.set("style", f'font-family:"{family}";font-size:1pt')
    return run


# -- metadata ---------------------------------------------------------------------------------

def brief_time(brief: Brief) -> dt.datetime:
    return dt.datetime.combine(brief.meta.date, dt.time(0, 0))


def modified_time(brief: Brief) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the brief's date; naive UTC."""
    epoch = zipfix.source_date_epoch()
    return epoch.replace(tzinfo=None) if epoch else brief_time(brief)


def metadata(document: Document, brief: Brief, context: dict) -> None:
    meta = brief.meta
    core = document.core_properties
    core.title = clean(meta.title)
    set_core_text(document, "dc:subject", meta.summary or meta.subtitle or "")
    core.author = clean("; ".join(author.name for author in context["authors"]))
    core.keywords = clean(", ".join(meta.keywords))
    core.category = clean(context["series"])
    core.comments = ""
    core.identifier = clean(meta.number or "")
    core.language = docx_brand.word_language(brief.language)
    core.content_status = "Draft" if brief.is_draft else "Final"
    core.created = brief_time(brief)
    core.modified = modified_time(brief)
    core.last_modified_by = "briefexport"
    core.revision = 1
    core.version = ""


def set_core_text(document: Document, tag: str, value: str) -> None:
    """A core property without python-docx's 255-character cap (its own rule, not OOXML's:
    a summary is longer)."""
    root = document.core_properties._element  # noqa: SLF001
    node = root.find(qn(tag))
    if node is None:
        node = etree.SubElement(root, qn(tag))
    node.text = clean(value)


def _tidy_settings(document: Document) -> None:
    """Let Word spell-check afresh (a proofState copied from the reference says "already checked")."""
    settings = document.settings.element
    for node in settings.findall(qn("w:proofState")):
        settings.remove(node)


__all__ = ["render"]
