"""Running heads of a Word draft: header and footer after page one, and the DRAFT watermark."""

from __future__ import annotations

from docx.document import Document
from lxml import etree

from briefexport.content.locale import direction, left_to_right
from briefexport.content.model import Brief
from briefexport.writers.docx.oxml import clean, field, parse_xml, rpr, text_run
from briefexport.writers.docx.page import para

DRAFT_RED = "B3261E"


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
        number = left_to_right(meta.number or "", direction(self.brief.language))
        where = f"{labels['number']} {number}" if meta.number else labels["draft"]
        page = labels["page_prefix"]
        p = para(
            self.reference,
            "Footer",
            text_run(f"{self.context['series']} \u00b7 {where}\t{page}"),
            field("PAGE", "1"),
            text_run(" / "),
            field("NUMPAGES", "1"),
        )
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
    family = clean(family).replace('"', "").replace(";", "")
    for path in run.iterfind(
        ".//{urn:schemas-microsoft-com:vml}shape/{urn:schemas-microsoft-com:vml}textpath"
    ):
        path.set("string", clean(text))  # the one text path of _WATERMARK
        path.set("style", f'font-family:"{family}";font-size:1pt')
    return run
