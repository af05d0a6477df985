"""Small WordprocessingML building blocks the DOCX writer needs and python-docx lacks.

python-docx covers paragraphs, runs and styles, but not hyperlinks, fields, bookmarks or
alt text on pictures; these helpers make those elements directly. Every string that enters
the XML goes through `clean()`: lxml refuses characters XML 1.0 cannot hold, and the writer
must never crash on them (the reader already removes them with a warning; this is the
second line of defence).
"""

from __future__ import annotations

import re
from typing import TypeVar

from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.image import ImagePart
from docx.shared import Emu
from lxml import etree

from briefexport.safety.markup import xml_text as clean

_E = TypeVar("_E", bound=BaseOxmlElement)


def made_by_docx(kind: type[_E], element: etree._Element) -> _E:
    """`element` as the class python-docx's parser gives it (a w:p is a CT_P, every element of its
    parts a BaseOxmlElement), with the methods that class has; a TypeError if something else made it."""
    if not isinstance(element, kind):
        raise TypeError(f"<{element.tag!r}> is not a {kind.__name__}: python-docx did not make it")
    return element


def el(tag: str, attrs: dict[str, object] | None = None, *children) -> etree._Element:
    """`el("w:spacing", {"w:after": 0})`: an OOXML element; attribute names take prefixes."""
    element = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        element.set(qn(name) if ":" in name and not name.startswith("{") else name, clean(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def paragraph(style_id: str | None = None) -> etree._Element:
    p = el("w:p")
    if style_id:
        p.append(el("w:pPr", None, el("w:pStyle", {"w:val": style_id})))
    return p


def set_ppr(p: etree._Element, child: etree._Element) -> None:
    """Put `child` into the paragraph's w:pPr, replacing one of the same tag, in the schema order
    python-docx's CT_PPr knows (its `_insert_*` methods)."""
    local = etree.QName(child).localname
    props = made_by_docx(CT_P, p).get_or_add_pPr()
    getattr(props, f"_remove_{local}")()
    getattr(props, f"_insert_{local}")(child)


def text_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A w:r holding `text`; tabs and line breaks become w:tab and w:br."""
    run = el("w:r")
    if rpr is not None and len(rpr):
        run.append(rpr)
    for index, line in enumerate(clean(text).split("\n")):
        if index:
            run.append(el("w:br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                run.append(el("w:tab"))
            if part:
                t = el("w:t")
                t.text = part
                if part != part.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run.append(t)
    return run


def rpr(style_id: str | None = None, **flags) -> etree._Element:
    """w:rPr in schema order from flags: bold, italic, strike, vert ('superscript'), lang, color."""
    props = el("w:rPr")
    if style_id:
        props.append(el("w:rStyle", {"w:val": style_id}))
    if flags.get("bold"):
        props.append(el("w:b"))
        props.append(el("w:bCs"))
    if flags.get("italic"):
        props.append(el("w:i"))
        props.append(el("w:iCs"))
    if flags.get("strike"):
        props.append(el("w:strike"))
    if flags.get("color"):
        props.append(el("w:color", {"w:val": flags["color"]}))
    if flags.get("vert"):
        props.append(el("w:vertAlign", {"w:val": flags["vert"]}))
    if flags.get("lang"):
        lang = flags["lang"]
        props.append(el("w:lang", {"w:val": lang, "w:eastAsia": lang}))
    return props


def field(instruction: str, shown: str, run_props: etree._Element | None = None) -> etree._Element:
    """A simple field (w:fldSimple), e.g. PAGE: python-docx has no field API."""
    fld = el("w:fldSimple", {"w:instr": f" {instruction} "})
    fld.append(text_run(shown, run_props))
    return fld


def hyperlink(part: Part, target: str) -> etree._Element:
    """An empty w:hyperlink: to an external URL (a relationship of `part`) or to `#bookmark`."""
    if target.startswith("#"):
        return el("w:hyperlink", {"w:anchor": bookmark_name(target[1:]), "w:history": "1"})
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rid = part.relate_to(clean(target), RT.HYPERLINK, is_external=True)
    return el("w:hyperlink", {"r:id": rid, "w:history": "1"})


def bookmark_name(anchor: str) -> str:
    """Word bookmark names are letters, digits and underscores, at most 40 characters, starting with
    a letter, or with an underscore for the hidden ones Word makes itself (`_Ref...`)."""
    if not anchor:
        return ""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    return (name if name[:1].isalpha() or name.startswith("_Ref") else "b" + name)[:40]


def picture(part: Part, image_part: ImagePart, shape_id: int, alt: str, cx: int, cy: int) -> etree._Element:
    """A w:drawing with an inline picture related from `part`, its alt text in wp:docPr/@descr."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.shape import CT_Inline

    rid = part.relate_to(image_part, RT.IMAGE)
    inline = CT_Inline.new_pic_inline(shape_id, rid, image_part.image.filename, Emu(cx), Emu(cy))
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")  # as Word writes them; some readers assume a gap otherwise
    doc_pr = inline.docPr
    doc_pr.set("name", f"Picture {shape_id}")
    doc_pr.set("descr", clean(alt))
    return el("w:drawing", None, inline)


def replace_part(owner: Part, reltype: str, element: BaseOxmlElement) -> XmlPart:
    """Swap the part `owner` relates to with `reltype` for an XML part holding `element`.

    python-docx loads parts it has no class for (footnotes, theme) as opaque blobs; this
    drops that relationship and relates a parsed replacement under the same part name.
    """
    old = None
    for rid, rel in list(owner.rels.items()):
        if rel.reltype == reltype and not rel.is_external:
            old = rel.target_part
            owner.drop_rel(rid)
    if old is None:
        raise KeyError(reltype)
    new = XmlPart(old.partname, old.content_type, element, owner.package)
    owner.relate_to(new, reltype)
    return new


def part_xml(owner: Part, reltype: str) -> BaseOxmlElement | None:
    """The parsed XML of the part `owner` relates to with `reltype`, or None."""
    for rel in owner.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            return target.element if isinstance(target, XmlPart) else parse_xml(target.blob)
    return None


__all__ = [
    "clean",
    "el",
    "paragraph",
    "set_ppr",
    "text_run",
    "rpr",
    "field",
    "hyperlink",
    "bookmark_name",
    "picture",
    "replace_part",
    "part_xml",
    "nsdecls",
    "qn",
    "parse_xml",
]
