"""WordprocessingML names and the document-wide tables the importer looks things up in: style
names (by styleId, following `basedOn`), list numbering, comments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def wval(node, name: str, default: str | None = None) -> str | None:
    """The w:val of child `name` of `node`, or `default`."""
    if node is None:
        return default
    child = node.find(w(name))
    if child is None:
        return default
    return child.get(w("val"), default)


def local(node) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def on(node, name: str) -> bool:
    """A toggle property (w:b, w:i...) set on: present, and not w:val="0"/"false"/"off"."""
    child = node.find(w(name)) if node is not None else None
    return child is not None and child.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


# Built-in styles under the names other programs give them: Word stores its built-in styles under
# their English names in any language, but LibreOffice, Google Docs and converters may write a
# localized name ("Überschrift 1", "Titre", "見出し 1") or their own ("Quotations", "Text Body").
_HEADING = (
    "überschrift|titre|título|titulo|kop|titolo|nagłówek|rubrik|otsikko|overskrift|başlık|"
    "заголовок|제목|見出し|标题|標題"
)
_LOCALIZED = {
    "title": "titel|titre|título|titulo|titolo|tytuł|rubrik|название|표제|表題|标题|標題",
    "subtitle": "untertitel|sous-titre|subtítulo|subtitulo|ondertitel|sottotitolo|podtytuł|"
    "подзаголовок|부제|副題|副标题|副標題",
    "quote": "quotations|zitat|citation|cita|citaat|citazione|cytat|цитата|인용|引用文|引用",
    "intense quote": "intensives zitat|citation intense|cita destacada|duidelijk citaat|"
    "citazione intensa|выделенная цитата|강한 인용|引用文 2|明显引用",
    "caption": "beschriftung|légende|descripción|bijschrift|didascalia|legenda|название объекта|"
    "캡션|図表番号|题注",
    "body text": "text body",
}


def canonical(name: str) -> str:
    """A style name (lower case) as Word's English name for the same built-in style, when it is one."""
    heading = re.fullmatch(rf"(?:{_HEADING})\s*([1-9])", name)
    if heading:
        return f"heading {heading.group(1)}"
    for english, names in _LOCALIZED.items():
        if re.fullmatch(names, name):
            return english
    return name


@dataclass
class Styles:
    """Style names by styleId, lower case (Word and LibreOffice differ in case: "caption"), built-in
    styles under Word's English names; their outline levels (0 for a heading 1)."""

    names: dict[str, str] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    default_paragraph: str = ""
    outline: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Styles:
        styles = cls()
        if root is None:
            return styles
        for style in root.findall(w("style")):
            style_id = style.get(w("styleId"), "")
            name = wval(style, "name", style_id) or style_id
            styles.names[style_id] = canonical(name.lower())
            level = wval(style.find(w("pPr")), "outlineLvl")
            if level is not None and level.isdigit() and int(level) < 9:
                styles.outline[style_id] = int(level)
            parent = wval(style, "basedOn")
            if parent:
                styles.based_on[style_id] = parent
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
                styles.default_paragraph = style_id
        return styles

    def chain(self, style_id: str | None) -> list[str]:
        """The style's name, then the names of the styles it is based on."""
        style_id = style_id or self.default_paragraph
        names: list[str] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 20:
            seen.add(style_id)
            names.append(self.names.get(style_id, style_id.lower()))
            style_id = self.based_on.get(style_id, "")
        return names

    def outline_level(self, style_id: str | None) -> int | None:
        """The outline level a paragraph style gives (following basedOn), None for body text."""
        style_id = style_id or self.default_paragraph
        for _ in range(20):
            if not style_id or style_id in self.outline:
                return self.outline.get(style_id or "")
            style_id = self.based_on.get(style_id, "")
        return None

    def name(self, style_id: str | None) -> str:
        chain = self.chain(style_id)
        return chain[0] if chain else ""


@dataclass
class Numbering:
    """numId -> (abstractNumId, {level: start override}); abstractNumId -> {level: (format, start)}."""

    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    abstracts: dict[str, dict[int, tuple[str, int]]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.findall(w("abstractNum")):
            levels = {}
            for lvl in abstract.findall(w("lvl")):
                levels[_int(lvl.get(w("ilvl")), 0)] = (
                    wval(lvl, "numFmt", "decimal") or "decimal",
                    _int(wval(lvl, "start"), 1),
                )
            numbering.abstracts[abstract.get(w("abstractNumId"), "")] = levels
        for num in root.findall(w("num")):
            overrides = {}
            for override in num.findall(w("lvlOverride")):
                start = wval(override, "startOverride")
                if start is not None:
                    overrides[_int(override.get(w("ilvl")), 0)] = _int(start, 1)
            numbering.nums[num.get(w("numId"), "")] = (wval(num, "abstractNumId", "") or "", overrides)
        return numbering

    def level(self, num_id: str, level: int) -> tuple[str, int]:
        """(number format, start) of a list level; ("decimal", 1) when unknown."""
        abstract, overrides = self.nums.get(num_id, ("", {}))
        fmt, start = self.abstracts.get(abstract, {}).get(level, ("decimal", 1))
        return fmt, overrides.get(level, start)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def text_of(node) -> str:
    """All w:t text under `node` (for comments and messages)."""
    return "".join(t.text or "" for t in node.iter(w("t")))
