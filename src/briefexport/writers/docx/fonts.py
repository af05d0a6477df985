"""The brand's fonts embedded in the Word draft, so it shows in them where they are not installed.

As Word embeds fonts (ECMA-376 Part 1, 17.8.1 and 17.8.3.3): each face a part of its own
(`word/fonts/fontN.odttf`), related from the font table and named there in the family's
`w:font` entry (`w:embedRegular`, `w:embedBold`, `w:embedItalic`, `w:embedBoldItalic`) with a
`w:fontKey` GUID; the part is the font file with its first 32 bytes XORed with that key's 16
bytes in reverse order ("obfuscated"). No library writes these parts, hence this module.

Only faces whose licence bits allow embedding for editing are embedded (writers/shared/subset.py;
the bundled OFL fonts do), each subset to the characters of the document: East Asian characters
to the East Asian families (Korean, or a Japanese or Chinese brief's), right-to-left ones to an
Arabic brief's complex-script families, the rest to the Latin ones. The key is derived from the
face, never random.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml import etree

from briefexport.safety.files import Refused, check_file
from briefexport.writers.docx.oxml import el, part_xml, qn, replace_part
from briefexport.writers.docx.theme import theme_fonts
from briefexport.writers.shared.layout import Layout
from briefexport.writers.shared.subset import WIDE, may_embed_subset_for_editing, subset_font

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_EMBED = {
    (False, False): "w:embedRegular",
    (True, False): "w:embedBold",
    (False, True): "w:embedItalic",
    (True, True): "w:embedBoldItalic",
}
_EMBED_ORDER = ("w:embedRegular", "w:embedBold", "w:embedItalic", "w:embedBoldItalic")
# The first children of w:settings, in the schema's order (CT_Settings), up to the two we set.
_SETTINGS_ORDER = (
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
)


def obfuscate(data: bytes, font_key: str) -> bytes:
    """ECMA-376 17.8.1: the first 32 bytes XOR the GUID's 16 bytes, last byte first."""
    key = bytes.fromhex(font_key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ key[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def document_text(parts: Iterable[etree._Element]) -> set[str]:
    return {char for root in parts for node in root.iter(qn("w:t")) for char in (node.text or "")}


def embed_fonts(document: Document, layout: Layout, text: set[str], language: str = "en") -> list[str]:
    """Embed the theme's families for a brief in `language` (the brand's body and heading fonts:
    Latin, East Asian, complex script) as subsets of `text`; return the families embedded."""
    font_table = part_xml(document.part, RT.FONT_TABLE)
    if font_table is None:
        return []
    brand = layout.brand
    themed = theme_fonts(brand, language).values()
    latin = {fonts.latin for fonts in themed}
    east_asian = {fonts.east_asian for fonts in themed} - latin
    complex_ = {fonts.complex for fonts in themed} - latin
    wide = {c for c in text if WIDE.match(c)}
    right_to_left = {c for c in text if unicodedata.bidirectional(c) in ("R", "AL", "AN")}
    narrow = {c for c in text if not WIDE.match(c) and not c.isspace()} | {" "}
    faces: dict[str, dict[str, bytes]] = {}  # family -> embed slot -> subset font
    wanted = latin | east_asian | complex_
    for face in brand.fonts:
        slot = _EMBED[(face.weight >= 600, face.style == "italic")]
        chars = (
            wide
            if face.family in east_asian
            else (right_to_left | narrow)
            if face.family in complex_
            else narrow
        )
        if face.family not in wanted or not chars or slot in faces.get(face.family, {}):
            continue
        try:
            path = check_file(face.path, layout.project)
            if may_embed_subset_for_editing(path):
                faces.setdefault(face.family, {})[slot] = subset_font(path, chars)
        except (Refused, ValueError):
            continue  # the PDF and EPUB report a broken font; the draft just goes without it
    if not faces:
        return []
    table_part = replace_part(document.part, RT.FONT_TABLE, font_table)
    package = document.part.package
    for family in sorted(faces):
        entry = _entry(font_table, family)
        for slot in _EMBED_ORDER:
            if slot not in faces[family]:
                continue
            key = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefexport:font:{family}:{slot}")).upper() + "}"
            part = Part(
                package.next_partname("/word/fonts/font%d.odttf"),
                OBFUSCATED_FONT,
                obfuscate(faces[family][slot], key),
                package,
            )
            entry.append(el(slot, {"r:id": table_part.relate_to(part, RT.FONT), "w:fontKey": key}))
    _settings(document)
    return sorted(faces)


def _entry(font_table: etree._Element, family: str) -> etree._Element:
    """The family's w:font, added when the reference document has none; old embeddings removed."""
    for entry in font_table.iterfind(qn("w:font")):
        if entry.get(qn("w:name")) == family:
            for slot in _EMBED_ORDER:
                for old in entry.findall(qn(slot)):
                    entry.remove(old)
            return entry
    entry = el("w:font", {"w:name": family})
    font_table.append(entry)
    return entry


def _settings(document: Document) -> None:
    """Tell Word the fonts are embedded, and to keep them embedded as subsets when it saves."""
    settings = document.settings.element
    for tag in ("w:embedTrueTypeFonts", "w:saveSubsetFonts"):
        if settings.find(qn(tag)) is not None:
            continue
        before = _SETTINGS_ORDER[: _SETTINGS_ORDER.index(tag)]  # what the schema puts ahead of it
        position = max(
            (index + 1 for index, child in enumerate(settings) if child.tag in {qn(name) for name in before}),
            default=0,
        )
        settings.insert(position, el(tag))
