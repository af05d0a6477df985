"""A Word draft in a right-to-left language, read right to left in Word and LibreOffice.

Word keeps the direction apart from the text: paragraphs are right to left by `w:bidi` (set here
in the document defaults, so every style and paragraph inherits it; ECMA-376 Part 1, 17.3.1.6),
runs holding right-to-left text are marked `w:rtl` (17.3.2.30: their characters, digits and
punctuation included, are laid out right to left and set in the complex-script font and size,
`w:cs`, `w:szCs`, `w:bCs`), tables run their columns from the right by `w:bidiVisual`
(17.4.1), and the section by `w:bidi` (17.6.1). Runs of Latin text (an address, an English
title) stay unmarked, so they keep their own order and Latin font.

The reference document's styles are designed for Latin text: their explicit left alignment and
left borders and indents are mirrored, and letter spacing and small capitals are dropped (Arabic
letters join; spacing them breaks the word apart, and the script has no capitals).
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from briefexport.content.locale import text_direction
from briefexport.writers.docx.oxml import el, made_by_docx, qn

# Children of w:rPr that come after w:rtl in the schema's sequence (CT_RPr), for inserting it.
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_SWAP = {"left": "right", "right": "left"}


def right_to_left(document: Document, parts: Iterable[etree._Element], colophon: str) -> None:
    """Make the document read right to left (see the module docstring); `colophon` is the style
    id of the colophon's lines."""
    styles = document.styles.element
    _default_paragraphs(styles)
    for style in styles.iter(qn("w:style")):
        _mirror(style)
    for root in parts:
        for paragraph in root.iter(qn("w:p")):
            _own_direction(paragraph, colophon)
        for run in root.iter(qn("w:r")):
            _mark_run(run)
        for table in root.iter(qn("w:tblPr")):
            if table.find(qn("w:bidiVisual")) is None:
                _insert(table, el("w:bidiVisual"), *_AFTER_BIDI_VISUAL)
        for section in root.iter(qn("w:sectPr")):
            if section.find(qn("w:bidi")) is None:
                _insert(section, el("w:bidi"), *_AFTER_SECTION_BIDI)


# After w:bidiVisual in CT_TblPr, and after w:bidi in CT_SectPr.
_AFTER_BIDI_VISUAL = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
_AFTER_SECTION_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


# After w:bidi in CT_PPrBase (and CT_PPr).
_AFTER_PARAGRAPH_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _insert(parent: etree._Element, child: etree._Element, *after: str) -> None:
    """`child` into `parent` before the first of the children the schema puts after it."""
    made_by_docx(BaseOxmlElement, parent).insert_element_before(child, *after)  # type: ignore[arg-type]  # python-docx says ElementBase; it takes any


def _default_paragraphs(styles: etree._Element) -> None:
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    holder = defaults.find(qn("w:pPrDefault"))
    if holder is None:
        holder = el("w:pPrDefault")
        defaults.append(holder)
    props = holder.find(qn("w:pPr"))
    if props is None:
        props = el("w:pPr")
        holder.append(props)
    if props.find(qn("w:bidi")) is None:
        _insert(props, el("w:bidi"), *_AFTER_PARAGRAPH_BIDI)


def _mirror(style: etree._Element) -> None:
    """A style's sided settings mirrored, and letter spacing and small capitals dropped."""
    props = style.find(qn("w:pPr"))
    if props is not None:
        jc = props.find(qn("w:jc"))
        if jc is not None and jc.get(qn("w:val")) in _SWAP:
            props.remove(jc)  # no explicit side: a right-to-left paragraph starts at the right
        indent = props.find(qn("w:ind"))
        if indent is not None:
            _swap_attributes(indent, ("w:left", "w:right"))
        borders = props.find(qn("w:pBdr"))
        if borders is not None:
            for side in list(borders):
                name = etree.QName(side).localname
                if name in _SWAP:
                    side.tag = qn(f"w:{_SWAP[name]}")
            borders[:] = sorted(borders, key=lambda b: _BORDER_ORDER.index(etree.QName(b).localname))
    run_props = style.find(qn("w:rPr"))
    if run_props is not None:
        for tag in ("w:spacing", "w:caps", "w:smallCaps"):
            for node in run_props.findall(qn(tag)):
                run_props.remove(node)


_BORDER_ORDER = ("top", "left", "bottom", "right", "between", "bar")


def _swap_attributes(node: etree._Element, names: tuple[str, str]) -> None:
    first, second = (node.get(qn(name)) for name in names)
    for name, value in zip(names, (second, first), strict=True):
        if value is None:
            node.attrib.pop(qn(name), None)
        else:
            node.set(qn(name), value)


def _own_direction(paragraph: etree._Element, colophon: str) -> None:
    """A colophon line whose text starts left to right (the brand's English name, address or
    copyright) reads left to right: `w:bidi w:val="0"` over the document's default, as the other
    formats decide for these lines (what HTML's dir="auto" does)."""
    props = paragraph.find(qn("w:pPr"))
    style = props.find(qn("w:pStyle")) if props is not None else None
    if props is None or style is None or style.get(qn("w:val")) != colophon:
        return
    if text_direction("".join(node.text or "" for node in paragraph.iter(qn("w:t")))) != "ltr":
        return
    if props.find(qn("w:bidi")) is None:
        _insert(props, el("w:bidi", {"w:val": "0"}), *_AFTER_PARAGRAPH_BIDI)


def _mark_run(run: etree._Element) -> None:
    """`w:rtl` on a run whose text starts right to left, or has no direction of its own (digits,
    punctuation: they follow the paragraph)."""
    text = "".join(node.text or "" for node in run.iter(qn("w:t")))
    if not text or text_direction(text) == "ltr":
        return
    props = run.find(qn("w:rPr"))
    if props is None:
        props = el("w:rPr")
        run.insert(0, props)
    if props.find(qn("w:rtl")) is None:
        _insert(props, el("w:rtl"), *_AFTER_RTL)
