"""Brand a Word document the way Word itself does it: through the document theme.

The reference document's styles refer to theme colours (accent 1 = brand primary,
accent 2 = brand secondary, hyperlink) and theme fonts ("+Headings" = major, "+Body" =
minor, with a Hangul script font for Korean). Rewriting the theme from brand.yml re-brands
every style that uses it, and leaves alone what a designer set outside the theme.
The fallback values stored beside each theme reference (which LibreOffice and other
readers use) are refreshed to match.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefexport.writers.docx.oxml import part_xml, qn, replace_part
from briefexport.writers.shared.layout import BrandInfo, tint

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_HEX = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")

# Theme colour names used in styles (ST_ThemeColor) -> clrScheme slots in the theme.
_STYLE_TO_SLOT = {
    "accent1": "accent1",
    "accent2": "accent2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
    "text1": "dk1",
    "dark1": "dk1",
    "text2": "dk2",
    "dark2": "dk2",
}


def hex_colour(value: str, fallback: str) -> str:
    match = _HEX.match(value.strip())
    if not match:
        return fallback
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return digits.upper()


def tinted(colour: str, share: float) -> str:
    """`colour` as Word shows it with a theme tint keeping `share` of it (`w:themeTint="12"` is
    0x12/0xFF of the colour on white): the fallback value beside such a theme reference."""
    return tint("#" + hex_colour(colour, "1B3A5C"), share).lstrip("#").upper()


def palette(brand: BrandInfo) -> dict[str, str]:
    """Theme colour slots filled from the brand."""
    primary = hex_colour(brand.primary, "1B3A5C")
    return {
        "accent1": primary,
        "accent2": hex_colour(brand.secondary, "2A9D8F"),
        "dk1": hex_colour(brand.foreground, "1A1A1A"),
        "dk2": primary,
        "hlink": primary,
        "folHlink": primary,
    }


def theme_fonts(brand: BrandInfo) -> dict[str, tuple[str, str]]:
    """major / minor -> (Latin family, Korean family)."""
    korean = brand.extra.get("fonts", {}).get("ko", {})
    return {
        "major": (brand.headings_family, korean.get("headings", brand.headings_family)),
        "minor": (brand.base_family, korean.get("base", brand.base_family)),
    }


def apply_theme(document: Document, brand: BrandInfo) -> None:
    """Write the brand's colours and fonts into the document's theme part."""
    theme = part_xml(document.part, RT.THEME)
    if theme is None:
        return  # a theme-less reference document keeps its explicit colours and fonts
    colours = palette(brand)
    scheme = theme.find(f".//{{{A}}}clrScheme")
    if scheme is not None:
        scheme.set("name", brand.short_name)
        for slot, value in colours.items():
            holder = scheme.find(f"{{{A}}}{slot}")
            if holder is None:
                continue
            for child in list(holder):
                holder.remove(child)
            etree.SubElement(holder, f"{{{A}}}srgbClr", val=value)
    font_scheme = theme.find(f".//{{{A}}}fontScheme")
    if font_scheme is not None:
        font_scheme.set("name", brand.short_name)
        for kind, (latin, korean) in theme_fonts(brand).items():
            group = font_scheme.find(f"{{{A}}}{kind}Font")
            if group is None:
                continue
            for tag, value in (("latin", latin), ("ea", korean)):
                node = group.find(f"{{{A}}}{tag}")
                if node is not None:
                    node.set("typeface", value)
            hang = next((f for f in group.findall(f"{{{A}}}font") if f.get("script") == "Hang"), None)
            if hang is None:
                hang = etree.SubElement(group, f"{{{A}}}font", script="Hang")
            hang.set("typeface", korean)
    replace_part(document.part, RT.THEME, theme)


def refresh_fallbacks(root: etree._Element, brand: BrandInfo) -> None:
    """Set the explicit colour and font values beside theme references to the brand's."""
    colours = palette(brand)
    fonts = theme_fonts(brand)
    theme_color, theme_fill = qn("w:themeColor"), qn("w:themeFill")
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        slot = _STYLE_TO_SLOT.get(node.get(theme_color, ""))
        if slot and not node.get(qn("w:themeShade")):
            value = _tinted(colours[slot], node.get(qn("w:themeTint")))
            node.set(qn("w:val") if node.tag == qn("w:color") else qn("w:color"), value)
        fill_slot = _STYLE_TO_SLOT.get(node.get(theme_fill, ""))
        if fill_slot and not node.get(qn("w:themeFillShade")):
            node.set(qn("w:fill"), _tinted(colours[fill_slot], node.get(qn("w:themeFillTint"))))
        if node.tag == qn("w:rFonts"):
            for attr, theme_attr, korean in (
                ("w:ascii", "w:asciiTheme", False),
                ("w:hAnsi", "w:hAnsiTheme", False),
                ("w:eastAsia", "w:eastAsiaTheme", True),
                ("w:cs", "w:cstheme", False),
            ):
                value = node.get(qn(theme_attr), "")
                kind = (
                    "major" if value.startswith("major") else "minor" if value.startswith("minor") else None
                )
                if kind:
                    node.set(qn(attr), fonts[kind][1 if korean else 0])


def _tinted(colour: str, tint_hex: str | None) -> str:
    """A theme colour with its `w:themeTint` / `w:themeFillTint` applied (none: the colour)."""
    if not tint_hex:
        return colour
    try:
        return tinted(colour, int(tint_hex, 16) / 255)
    except ValueError:
        return colour


def apply(document: Document, brand: BrandInfo) -> None:
    apply_theme(document, brand)
    refresh_fallbacks(document.styles.element, brand)
    refresh_fallbacks(document.part.numbering_part.element, brand)
