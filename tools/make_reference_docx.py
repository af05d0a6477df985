"""Generate the packaged Word reference document (like Pandoc's --reference-doc).

    .venv/bin/python tools/make_reference_docx.py [--out PATH]

Writes src/briefexport/defaults/layouts/docx/reference.docx from the packaged default brand:
A4 with the print layout's margins, the brand's fonts and colours in the document *theme*
(Design > Colours / Fonts in Word), and every style the DOCX writer uses, each shown once in
the body as a specimen a designer can restyle in Word. The styles refer to the theme
(accent 1 = brand primary, accent 2 = brand secondary, "+Headings" / "+Body" fonts), so the
writer re-brands a document by rewriting the theme: a colour or font a designer picks
outside the theme stays as picked. The writer ignores the specimen body and notes.

Word's own names are used for built-in styles (Title, Heading 1, Quote, List Number,
footnote text...) so Word, the navigation pane and the TOC treat them as its own; the
brief-specific ones are prefixed "Brief". Output is reproducible (fixed dates and zip times).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from docx import Document  # noqa: E402
from docx.opc.constants import CONTENT_TYPE as CT  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.opc.packuri import PackURI  # noqa: E402
from docx.opc.part import Part, XmlPart  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402

from briefexport.project import DEFAULTS_DIR, Project  # noqa: E402
from briefexport.writers.docx import theme as docx_brand  # noqa: E402
from briefexport.writers.shared import reproducible_zip as zipfix  # noqa: E402
from briefexport.writers.shared.layout import BrandInfo, Layout  # noqa: E402

OUT = DEFAULTS_DIR / "layouts" / "docx" / "reference.docx"
W = nsdecls("w")

# Page: A4 with the PDF layout's margins (22 / 20 / 24 / 22 mm), in twips.
MM = 1440 / 25.4
PAGE = dict(
    width=11906,
    height=16838,
    top=round(22 * MM),
    right=round(20 * MM),
    bottom=round(24 * MM),
    left=round(22 * MM),
    header=round(10 * MM),
    footer=round(12 * MM),
)
TEXT_WIDTH = PAGE["width"] - PAGE["left"] - PAGE["right"]

MUTED = "5B6470"  # secondary text (roles, captions, running heads): a layout colour, not a brand one
RULE = "C9D1DA"  # hairlines
BAND = "F1F4F7"  # table banding
DRAFT_RED = "B3261E"
BOX_TINT = 0.07  # a box's shading: this share of the primary colour on white (the PDF's too)
BOX_TINT_HEX = f"{round(BOX_TINT * 255):02X}"  # as Word writes a theme tint


def twips(mm: float) -> int:
    return round(mm * MM)


def colour(slot: str, brand: BrandInfo) -> str:
    value = {
        "accent1": brand.primary,
        "accent2": brand.secondary,
        "text1": brand.foreground,
        "hyperlink": brand.primary,
    }[slot]
    return value.lstrip("#").upper()


def fonts(role: str, brand: BrandInfo) -> str:
    """rFonts bound to the theme's +Headings (major) or +Body (minor) fonts, with fallbacks."""
    kind = "major" if role == "headings" else "minor"
    latin = brand.headings_family if role == "headings" else brand.base_family
    korean = brand.extra.get("fonts", {}).get("ko", {}).get(role, latin)
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{korean}" w:cs="{latin}" '
        f'w:asciiTheme="{kind}HAnsi" w:hAnsiTheme="{kind}HAnsi" w:eastAsiaTheme="{kind}EastAsia" '
        f'w:cstheme="{kind}Bidi"/>'
    )


def size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def line(points: float) -> str:
    """Line height of at least `points` (CSS line-height, never clipping a picture)."""
    return f'w:line="{round(points * 20)}" w:lineRule="atLeast"'


def style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based: str | None = None,
    next_: str | None = None,
    custom: bool = True,
    priority: int = 20,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
) -> str:
    custom_attr = ' w:customStyle="1"' if custom else ""
    parts = [f'<w:style w:type="{kind}"{custom_attr} w:styleId="{style_id}">', f'<w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if next_:
        parts.append(f'<w:next w:val="{next_}"/>')
    parts.append(f'<w:uiPriority w:val="{priority}"/><w:qFormat/>')
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra + "</w:style>")
    return "".join(parts)


def border(side: str, colour_value: str, eighths: int, space: int = 0, theme: str | None = None) -> str:
    themed = f' w:themeColor="{theme}"' if theme else ""
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{colour_value}"{themed}/>'


def styles_xml(brand: BrandInfo, template_styles) -> bytes:
    base_pt = float(brand.base_size.removesuffix("pt")) if brand.base_size.endswith("pt") else 10.5
    body_line = base_pt * brand.line_height
    p1, p2, ink = colour("accent1", brand), colour("accent2", brand), colour("text1", brand)
    primary = f'<w:color w:val="{p1}" w:themeColor="accent1"/>'
    secondary = f'<w:color w:val="{p2}" w:themeColor="accent2"/>'
    muted = f'<w:color w:val="{MUTED}"/>'
    head, body = fonts("headings", brand), fonts("base", brand)
    same_rule = border("top", RULE, 4, 3) + border("bottom", RULE, 4, 3)
    issue_rule = border("bottom", p2, 24, 4, "accent2")
    right_tab = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    # A box: a bar in the secondary colour on the left, the other sides in the shading's own colour
    # (padding), the shading a light tint of the primary colour. No indent: the text lines up with
    # the body, the frame stands in the margin, and a list in a box (its numbering indents it) shares
    # the frame of the paragraphs around it.
    tint = docx_brand.tinted(brand.primary, BOX_TINT)
    pad = f'w:val="single" w:sz="4" w:color="{tint}" w:themeColor="accent1" w:themeTint="{BOX_TINT_HEX}"'
    box_frame = (
        f'<w:pBdr><w:top {pad} w:space="6"/>{border("left", p2, 24, 8, "accent2")}<w:bottom {pad} w:space="4"/>'
        f'<w:right {pad} w:space="8"/></w:pBdr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{tint}" w:themeFill="accent1" w:themeFillTint="{BOX_TINT_HEX}"/>'
    )
    left = '<w:jc w:val="left"/>'  # after the spacing: w:pPr's children in schema order

    keep = [
        s
        for s in template_styles
        if s.get(qn("w:styleId")) in ("DefaultParagraphFont", "TableNormal", "NoList")
    ]
    latent = template_styles.find(qn("w:latentStyles"))
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{body}<w:color w:val="{ink}" w:themeColor="text1"/>{size(base_pt)}'
        f'<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        # No automatic extra space between Hangul and Latin letters or digits ("2026년", not "2026 년").
        # Widow and orphan control on: a paragraph never leaves a single line behind.
        '<w:pPrDefault><w:pPr><w:widowControl/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'<w:spacing w:after="0" {line(body_line)}/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    s = [
        # Paragraph styles: the body.
        # The text colour lives in the document defaults, below table styles (whose header row is white).
        style("paragraph", "Normal", "Normal", custom=False, priority=0),
        style(
            "paragraph",
            "BodyText",
            "Body Text",
            based="Normal",
            custom=False,
            priority=99,
            ppr=f'<w:spacing w:after="{twips(2.6)}"/><w:jc w:val="both"/>',
        ),
        style(
            "paragraph",
            "BriefLead",
            "Brief Lead",
            based="BodyText",
            next_="BodyText",
            priority=21,
            ppr=f'<w:spacing w:after="{twips(4)}" {line(base_pt * 1.14 * 1.45)}/>',
            rpr=size(base_pt * 1.14),
        ),
        style(
            "paragraph",
            "Heading1",
            "heading 1",
            based="Normal",
            next_="BodyText",
            custom=False,
            priority=9,
            ppr=(
                f"<w:keepNext/><w:keepLines/><w:pBdr>{border('top', p2, 6, 6, 'accent2')}</w:pBdr>"
                f'<w:spacing w:before="{twips(6)}" w:after="{twips(2.5)}" {line(13 * 1.25)}/><w:jc w:val="left"/>'
                '<w:outlineLvl w:val="0"/>'
            ),
            rpr=f"{head}<w:b/><w:bCs/>{primary}{size(13)}",
        ),
        style(
            "paragraph",
            "Heading2",
            "heading 2",
            based="Normal",
            next_="BodyText",
            custom=False,
            priority=9,
            ppr=(
                f'<w:keepNext/><w:keepLines/><w:spacing w:before="{twips(4)}" w:after="{twips(1.5)}"/>'
                '<w:outlineLvl w:val="1"/>'
            ),
            rpr=f"{head}<w:b/><w:bCs/>{primary}{size(base_pt)}",
        ),
        style(
            "paragraph",
            "Heading3",
            "heading 3",
            based="Normal",
            next_="BodyText",
            custom=False,
            priority=9,
            ppr=(
                f'<w:keepNext/><w:keepLines/><w:spacing w:before="{twips(3)}" w:after="{twips(1)}"/>'
                '<w:outlineLvl w:val="2"/>'
            ),
            rpr=f"{head}<w:b/><w:bCs/><w:i/><w:iCs/>{size(base_pt)}",
        ),
        style(
            "paragraph",
            "Quote",
            "Quote",
            based="BodyText",
            next_="BodyText",
            custom=False,
            priority=29,
            ppr=(
                f"<w:pBdr>{border('left', p2, 24, 8, 'accent2')}</w:pBdr>"
                f'<w:spacing w:before="{twips(3)}" w:after="{twips(3)}"/><w:ind w:left="{twips(5)}"/>'
                '<w:jc w:val="left"/>'
            ),
            rpr=f"<w:i/><w:iCs/>{primary}",
        ),
        # Lists: the numbering definitions (numbering.xml) carry the indents and markers.
        style(
            "paragraph",
            "ListBullet",
            "List Bullet",
            based="BodyText",
            custom=False,
            priority=99,
            ppr=f'<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="{twips(1)}"/>',
        ),
        style(
            "paragraph",
            "ListBullet2",
            "List Bullet 2",
            based="BodyText",
            custom=False,
            priority=99,
            ppr=f'<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:spacing w:after="{twips(1)}"/>',
        ),
        style(
            "paragraph",
            "ListNumber",
            "List Number",
            based="BodyText",
            custom=False,
            priority=99,
            ppr=f'<w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="{twips(1)}"/>',
        ),
        style(
            "paragraph",
            "ListNumber2",
            "List Number 2",
            based="BodyText",
            custom=False,
            priority=99,
            ppr=f'<w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr><w:spacing w:after="{twips(1)}"/>',
        ),
        style(
            "paragraph",
            "ListContinue",
            "List Continue",
            based="BodyText",
            custom=False,
            priority=99,
            ppr=f'<w:spacing w:after="{twips(1)}"/><w:ind w:left="{twips(6)}"/>',
        ),
        style(
            "paragraph",
            "ListContinue2",
            "List Continue 2",
            based="BodyText",
            custom=False,
            priority=99,
            ppr=f'<w:spacing w:after="{twips(1)}"/><w:ind w:left="{twips(12)}"/>',
        ),
        style(
            "paragraph",
            "SourceCode",
            "Source Code",
            based="Normal",
            priority=39,
            ppr=(
                f'<w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/>'
                f'<w:spacing w:before="{twips(1.5)}" w:after="{twips(3)}" w:line="240" w:lineRule="auto"/>'
            ),
            rpr='<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/><w:noProof/>' + size(9),
        ),
        style(
            "paragraph",
            "Figure",
            "Figure",
            based="Normal",
            next_="Caption",
            priority=34,
            ppr=(
                f'<w:keepNext/><w:spacing w:before="{twips(4)}" w:after="{twips(1.5)}" w:line="240" '
                'w:lineRule="auto"/><w:jc w:val="center"/>'
            ),
        ),
        style(
            "paragraph",
            "Caption",
            "caption",
            based="Normal",
            next_="BodyText",
            custom=False,
            priority=35,
            ppr=f'<w:spacing w:after="{twips(4)}" {line(8 * 1.4)}/>',
            rpr=f"{head}{muted}{size(8)}",
        ),
        # Boxes: a key-points box or a titled box (Box Title over Key Points or Box Text) and a pull
        # quote. The three box styles share their borders, shading and indents, so Word and
        # LibreOffice draw a box's paragraphs as one shaded block with a bar in the brand's colour.
        style(
            "paragraph",
            "BoxTitle",
            "Box Title",
            based="Normal",
            next_="BoxText",
            priority=30,
            ppr=f'<w:keepNext/>{box_frame}<w:spacing w:after="{twips(1.5)}" {line(9.5 * 1.3)}/>{left}',
            rpr=f"{head}<w:b/><w:bCs/>{primary}{size(9.5)}",
        ),
        style(
            "paragraph",
            "KeyPoints",
            "Key Points",
            based="Normal",
            priority=31,
            ppr=f'{box_frame}<w:spacing w:after="{twips(1.5)}"/>{left}',
        ),
        style(
            "paragraph",
            "BoxText",
            "Box Text",
            based="Normal",
            priority=32,
            ppr=f'{box_frame}<w:spacing w:after="{twips(1.5)}"/>{left}',
        ),
        style(
            "paragraph",
            "PullQuote",
            "Pull Quote",
            based="Normal",
            next_="BodyText",
            priority=33,
            ppr=(
                f"<w:keepLines/><w:pBdr>{border('top', p2, 12, 4, 'accent2')}{border('bottom', p2, 12, 4, 'accent2')}"
                f'</w:pBdr><w:spacing w:before="{twips(5)}" w:after="{twips(5)}" {line(13.5 * 1.3)}/>'
                f'<w:ind w:left="{twips(8)}" w:right="{twips(8)}"/>'
            ),
            rpr=f"{head}<w:b/><w:bCs/>{primary}{size(13.5)}",
        ),
        style(
            "paragraph",
            "BriefTableText",
            "Brief Table Text",
            based="Normal",
            priority=36,
            ppr=f'<w:spacing w:after="0" {line(8.5 * 1.3)}/>',
            rpr=f"{head}{size(8.5)}",
        ),
        # The masthead: series band, issue line, title block, byline.
        style(
            "paragraph",
            "BriefSeries",
            "Brief Series",
            based="Normal",
            next_="BriefNumber",
            priority=1,
            ppr=(
                f"<w:keepNext/><w:pBdr>{border('top', p1, 4, 16, 'accent1')}{border('left', p1, 4, 8, 'accent1')}"
                f"{border('bottom', p1, 4, 6, 'accent1')}{border('right', p1, 4, 8, 'accent1')}</w:pBdr>"
                f'<w:shd w:val="clear" w:color="auto" w:fill="{p1}" w:themeFill="accent1"/>'
                f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH - 200}"/></w:tabs>'
                f'<w:spacing w:after="{twips(2.5)}" w:line="240" w:lineRule="auto"/><w:ind w:left="160" w:right="160"/>'
            ),
            rpr=(
                f'{head}<w:b/><w:bCs/><w:caps/><w:color w:val="FFFFFF" w:themeColor="background1"/>'
                f'<w:spacing w:val="{round(21 * 0.22 * 20)}"/>{size(21)}'
            ),
        ),
        style(
            "paragraph",
            "BriefEdition",
            "Brief Edition",
            based="Normal",
            next_="BriefNumber",
            priority=2,
            ppr=f'<w:keepNext/><w:pBdr>{issue_rule}</w:pBdr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f'{head}<w:b/><w:bCs/><w:caps/>{secondary}<w:spacing w:val="10"/>{size(8.5)}',
        ),
        style(
            "paragraph",
            "BriefNumber",
            "Brief Number",
            based="BriefEdition",
            next_="Title",
            priority=3,
            rpr=primary,
        ),
        style(
            "paragraph",
            "BriefDraft",
            "Brief Draft",
            based="BriefEdition",
            next_="Title",
            priority=4,
            rpr=f'<w:color w:val="{DRAFT_RED}"/>',
        ),
        style(
            "paragraph",
            "Title",
            "Title",
            based="Normal",
            next_="Subtitle",
            custom=False,
            priority=10,
            ppr=(
                f'<w:keepNext/><w:spacing w:before="{twips(8)}" w:after="{twips(3)}" w:line="{round(21 * 1.22 * 20)}" '
                'w:lineRule="exact"/><w:jc w:val="left"/>'
            ),
            rpr=f'{head}<w:b/><w:bCs/>{primary}<w:kern w:val="28"/>{size(21)}',
        ),
        style(
            "paragraph",
            "Subtitle",
            "Subtitle",
            based="Normal",
            next_="BriefAuthor",
            custom=False,
            priority=11,
            ppr=f'<w:keepNext/><w:spacing w:after="{twips(4)}" {line(11.5 * 1.3)}/>',
            rpr=f"{head}{muted}{size(11.5)}",
        ),
        style(
            "paragraph",
            "BriefAuthor",
            "Brief Author",
            based="Normal",
            next_="BriefDate",
            priority=5,
            ppr=f'<w:keepNext/><w:pBdr>{same_rule}</w:pBdr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f"{head}<w:b/><w:bCs/>{size(9.5)}",
        ),
        style(
            "paragraph",
            "BriefDate",
            "Brief Date",
            based="Normal",
            next_="BriefLead",
            priority=6,
            ppr=f'<w:pBdr>{same_rule}</w:pBdr><w:spacing w:after="{twips(6)}" w:line="240" w:lineRule="auto"/>',
            rpr=f"{head}{muted}{size(8.5)}",
        ),
        # Back matter.
        style(
            "paragraph",
            "BriefBio",
            "Brief Bio",
            based="BodyText",
            priority=30,
            ppr=f'<w:spacing w:after="{twips(2)}" {line(9 * 1.45)}/>',
            rpr=size(9),
        ),
        style(
            "paragraph",
            "BriefColophon",
            "Brief Colophon",
            based="Normal",
            priority=31,
            ppr=(
                f'<w:keepNext/><w:pBdr>{border("top", RULE, 4, 6)}</w:pBdr><w:spacing w:before="{twips(6)}" '
                'w:after="0" w:line="240" w:lineRule="auto"/><w:contextualSpacing/>'
            ),
            rpr=f"{head}{muted}{size(8)}",
        ),
        # Running heads and notes.
        style(
            "paragraph",
            "Header",
            "header",
            based="Normal",
            custom=False,
            priority=99,
            ppr=f'{right_tab}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f"{head}{muted}{size(7.5)}",
        ),
        style(
            "paragraph",
            "Footer",
            "footer",
            based="Normal",
            custom=False,
            priority=99,
            ppr=f'{right_tab}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f"{head}{muted}{size(7.5)}",
        ),
        style(
            "paragraph",
            "FootnoteText",
            "footnote text",
            based="Normal",
            custom=False,
            priority=99,
            ppr=f'<w:spacing w:after="{twips(0.8)}" {line(7.8 * 1.35)}/>',
            rpr=size(7.8),
        ),
        # Character styles.
        style(
            "character",
            "FootnoteReference",
            "footnote reference",
            custom=False,
            priority=99,
            rpr='<w:vertAlign w:val="superscript"/>',
        ),
        style(
            "character",
            "Hyperlink",
            "Hyperlink",
            custom=False,
            priority=99,
            rpr=f'<w:color w:val="{colour("hyperlink", brand)}" w:themeColor="hyperlink"/><w:u w:val="single"/>',
        ),
        style("character", "Strong", "Strong", custom=False, priority=22, rpr="<w:b/><w:bCs/>"),
        style(
            "character",
            "VerbatimChar",
            "Verbatim Char",
            priority=40,
            rpr='<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/><w:noProof/>'
            + size(base_pt * 0.92),
        ),
        style(
            "character",
            "BriefInstitute",
            "Brief Institute",
            priority=7,
            rpr=f'<w:caps w:val="0"/><w:spacing w:val="7"/>{size(8.5)}',
        ),
        style(
            "character",
            "BriefRole",
            "Brief Role",
            priority=8,
            rpr=f'<w:b w:val="0"/><w:bCs w:val="0"/>{muted}{size(8)}',
        ),
        # The table style: a brand-colour header row (repeated on each page), hairlines, banding.
        style(
            "table",
            "BriefTable",
            "Brief Table",
            based="TableNormal",
            priority=59,
            ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f"{head}{size(8.5)}",
            extra=(
                '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
                f"<w:tblBorders>{border('bottom', RULE, 4)}{border('insideH', RULE, 4)}</w:tblBorders>"
                f'<w:tblCellMar><w:top w:w="{twips(1.4)}" w:type="dxa"/><w:left w:w="{twips(2)}" w:type="dxa"/>'
                f'<w:bottom w:w="{twips(1.4)}" w:type="dxa"/><w:right w:w="{twips(2)}" w:type="dxa"/></w:tblCellMar>'
                "</w:tblPr>"
                '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
                '<w:color w:val="FFFFFF" w:themeColor="background1"/></w:rPr>'
                f'<w:tblPr/><w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val="clear" w:color="auto" '
                f'w:fill="{p1}" w:themeFill="accent1"/></w:tcPr></w:tblStylePr>'
                f'<w:tblStylePr w:type="band2Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" '
                f'w:fill="{BAND}"/></w:tcPr></w:tblStylePr>'
            ),
        ),
    ]
    xml = f"<w:styles {W}>{defaults}</w:styles>"
    root = parse_xml(xml.encode())
    root.append(latent)
    for element in keep:
        root.append(element)
    for text in s:
        root.append(parse_xml(f"<w:wrapper {W}>{text}</w:wrapper>".encode())[0])
    return root


def numbering_xml(brand: BrandInfo):
    """Two multi-level lists: bullets (num 1) and numbers (num 2). The writer starts a new
    w:num (with a startOverride) for every ordered list, so each one restarts at its own start."""
    p1, p2 = colour("accent1", brand), colour("accent2", brand)
    indent = twips(6)
    bullets, numbers = [], []
    marks = ["\u2022", "\u2013", "\u25aa"]
    formats = [("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}.")]
    for level in range(9):
        ind = f'<w:pPr><w:ind w:left="{indent * (level + 1)}" w:hanging="{indent}"/></w:pPr>'
        bullets.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            f'<w:lvlText w:val="{marks[level % 3]}"/><w:lvlJc w:val="left"/>{ind}'
            f'<w:rPr><w:color w:val="{p2}" w:themeColor="accent2"/></w:rPr></w:lvl>'
        )
        fmt, text = formats[level % 3]
        numbers.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text.format(n=level + 1)}"/><w:lvlJc w:val="left"/>{ind}'
            f'<w:rPr><w:b/><w:bCs/><w:color w:val="{p1}" w:themeColor="accent1"/></w:rPr></w:lvl>'
        )
    xml = (
        f"<w:numbering {W}>"
        f'<w:abstractNum w:abstractNumId="1"><w:nsid w:val="5B1E0001"/><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:tmpl w:val="5B1E1001"/>{"".join(bullets)}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2"><w:nsid w:val="5B1E0002"/><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:tmpl w:val="5B1E1002"/>{"".join(numbers)}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
        "</w:numbering>"
    )
    return parse_xml(xml.encode())


SETTINGS = f"""<w:settings {nsdecls("w")} xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">
<w:zoom w:percent="100"/>
<w:defaultTabStop w:val="720"/><w:autoHyphenation/><w:consecutiveHyphenLimit w:val="2"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>
<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>
<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>
<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>
<w:compatSetting w:name="differentiateMultirowTableHeaders" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/></w:compat>
<m:mathPr><m:mathFont m:val="Cambria Math"/></m:mathPr>
<w:themeFontLang w:val="en-US" w:eastAsia="ko-KR"/>
<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>
<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>
</w:settings>"""

FOOTNOTES = f"""<w:footnotes {nsdecls("w", "r")}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>
<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Footnote Text: a note at the foot of the page.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""

APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>briefexport</Application>\
<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
<HyperlinksChanged>false</HyperlinksChanged></Properties>"""

# The specimen body: (style id, text). A designer restyles these; the writer ignores them.
SPECIMENS = [
    ("BriefSeries", "Issue Brief\t<BriefInstitute>Institute name (Brief Institute)"),
    ("BriefEdition", "Brief Edition: Executive Summary"),
    ("BriefNumber", "Brief Number: No. 2026-01"),
    ("BriefDraft", "Brief Draft: Draft \u2014 not for circulation"),
    ("Title", "Title: the brief's full title, often one long sentence of fifteen to twenty-five words"),
    ("Subtitle", "Subtitle: an optional second line"),
    ("BriefAuthor", "Brief Author  <BriefRole>Brief Role"),
    ("BriefDate", "Brief Date: 10 September 2026"),
    ("BriefLead", "Brief Lead: the first paragraph of the body, slightly larger, summarising the event."),
    ("Heading1", "Heading 1: a section (##)"),
    (
        "BodyText",
        "Body Text: the paragraphs of the brief. <Strong>Strong</Strong>, <Hyperlink>Hyperlink</Hyperlink>, "
        "<VerbatimChar>Verbatim Char</VerbatimChar> and a footnote reference.<FootnoteReference>",
    ),
    ("Heading2", "Heading 2: a subsection (###)"),
    ("ListNumber", "List Number: an ordered list"),
    ("ListNumber2", "List Number 2: a nested ordered list"),
    ("ListContinue", "List Continue: a further paragraph of a list item"),
    ("ListBullet", "List Bullet: a bulleted list"),
    ("ListBullet2", "List Bullet 2: a nested bulleted list"),
    ("ListContinue2", "List Continue 2: a further paragraph of a nested item"),
    ("Quote", "Quote: a block quotation."),
    ("SourceCode", "Source Code: preformatted text"),
    ("Heading3", "Heading 3: a minor heading (####)"),
    ("Figure", "Figure: the paragraph holding a picture"),
    ("Caption", "Caption: Figure 1. The picture's description."),
    ("BoxTitle", "Box Title: the title of a box (Key points)"),
    ("KeyPoints", "Key Points: a point of a key-points box"),
    ("BoxText", "Box Text: the text of any other box"),
    ("PullQuote", "Pull Quote: a sentence of the text, repeated large"),
    ("TABLE", ""),
    ("Heading1", "About the Authors"),
    ("BriefBio", "Brief Bio: <Strong>Author Name</Strong> <BriefRole>Role</BriefRole>"),
    ("BriefColophon", "Brief Colophon: institute, address, copyright and disclaimer"),
]


def specimen_paragraph(style_id: str, text: str):
    import re

    runs = []
    for piece in re.split(r"(<[A-Za-z]+>[^<]*(?:</[A-Za-z]+>)?)", text):
        if not piece:
            continue
        match = re.fullmatch(r"<([A-Za-z]+)>([^<]*)(?:</[A-Za-z]+>)?", piece)
        if match and match.group(1) == "FootnoteReference":
            runs.append(
                '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            )
        elif match:
            runs.append(
                f'<w:r><w:rPr><w:rStyle w:val="{match.group(1)}"/></w:rPr>'
                f'<w:t xml:space="preserve">{match.group(2)}</w:t></w:r>'
            )
        else:
            for index, chunk in enumerate(piece.split("\t")):
                if index:
                    runs.append("<w:r><w:tab/></w:r>")
                if chunk:
                    runs.append(f'<w:r><w:t xml:space="preserve">{chunk}</w:t></w:r>')
    return parse_xml(f'<w:p {W}><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{"".join(runs)}</w:p>'.encode())


def specimen_table():
    cells = [["Brief Table", "header row"], ["Brief Table Text", "1.0"], ["banded row", "2.0"]]
    rows = []
    for index, row in enumerate(cells):
        tr_pr = "<w:trPr><w:tblHeader/></w:trPr>" if index == 0 else ""
        tcs = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH // 2}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
            f'<w:pStyle w:val="BriefTableText"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'
            for text in row
        )
        rows.append(f"<w:tr>{tr_pr}{tcs}</w:tr>")
    return parse_xml(
        f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="BriefTable"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid><w:gridCol w:w="{TEXT_WIDTH // 2}"/>'
        f'<w:gridCol w:w="{TEXT_WIDTH // 2}"/></w:tblGrid>{"".join(rows)}</w:tbl>'.encode()
    )


def default_brand() -> BrandInfo:
    """The packaged default brand (a throwaway project has nothing but content/)."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "content").mkdir()
        return Layout(Project.at(tmp)).brand


def build(out: Path) -> None:
    brand = default_brand()
    document = Document()
    package, part = document.part.package, document.part

    # Drop what python-docx's template carries that a reference document should not:
    # a thumbnail of someone else's page, customXml, stylesWithEffects, rsids.
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (
            RT.CUSTOM_XML,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
            RT.WEB_SETTINGS,
        ):
            part.rels.pop(rid)

    styles = document.styles.element
    new_styles = styles_xml(brand, styles)
    for child in list(styles):
        styles.remove(child)
    for child in list(new_styles):
        styles.append(child)

    numbering = part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in numbering_xml(brand):
        numbering.append(child)

    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    for child in parse_xml(SETTINGS.encode()):
        settings.append(child)

    footnotes = XmlPart(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(FOOTNOTES.encode()), package
    )
    part.relate_to(footnotes, RT.FOOTNOTES)

    # Page: A4, the print layout's margins, a different first page (the masthead has no running head).
    section = document.sections[0]
    sect = section._sectPr  # noqa: SLF001
    for attr in list(sect.attrib):
        del sect.attrib[attr]
    section.page_width, section.page_height = PAGE["width"] * 635, PAGE["height"] * 635
    section.top_margin, section.bottom_margin = PAGE["top"] * 635, PAGE["bottom"] * 635
    section.left_margin, section.right_margin = PAGE["left"] * 635, PAGE["right"] * 635
    section.header_distance, section.footer_distance = PAGE["header"] * 635, PAGE["footer"] * 635
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    header.add_run("Header: the short title")
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.add_run("Footer: series \u00b7 No. 2026-01\t")
    footer._p.append(
        parse_xml(  # noqa: SLF001
            f'<w:fldSimple {W} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'.encode()
        )
    )

    body = document.element.body
    for style_id, text in SPECIMENS:
        element = specimen_table() if style_id == "TABLE" else specimen_paragraph(style_id, text)
        body.sectPr.addprevious(element)

    # Extended properties: python-docx's template claims to be "Microsoft Macintosh Word" 14.
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(rid)
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, APP_XML.encode(), package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)

    # Theme: the brand's colours and fonts (what Design > Colours / Fonts shows in Word).
    docx_brand.apply_theme(document, brand)

    core = document.core_properties
    core.title = "Issue brief reference document"
    core.subject = "Word styles for briefexport's DOCX writer; restyle in Word, keep the style names"
    core.author = brand.name
    core.last_modified_by = "briefexport"
    core.comments = "Generated by tools/make_reference_docx.py"
    core.keywords = ""
    core.revision = 1
    core.created = core.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    core.language = "en-US"

    buffer = io.BytesIO()
    document.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(
        zipfix.normalize(
            buffer.getvalue(), dt.datetime(2026, 1, 1), first=("[Content_Types].xml", "_rels/.rels")
        )
    )
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
