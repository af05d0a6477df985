"""Brand a Word document the way Word itself does it: through the document theme.

The reference document's styles refer to theme colours (accent 1 = brand primary,
accent 2 = brand secondary, hyperlink) and theme fonts ("+Headings" = major, "+Body" =
minor, each with a Latin, an East Asian and a complex-script font: Korean fonts as the East Asian
ones, or a Japanese or Chinese brief's own, and an Arabic brief's fonts as the complex-script ones,
each also named for its script). Rewriting the theme from brand.yml re-brands
every style that uses it, and leaves alone what a designer set outside the theme.
The fallback values stored beside each theme reference (which LibreOffice and other
readers use) are refreshed to match.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefexport.content.locale import base_language
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


# Scripts whose theme font a brief's language sets (ECMA-376 Part 1, 20.1.4.1.16: ISO 15924 codes).
SCRIPTS = {"ko": "Hang", "ja": "Jpan", "zh": "Hans", "ar": "Arab"}
EAST_ASIAN = ("ko", "ja", "zh")


class ThemeFonts(NamedTuple):
    latin: str
    east_asian: str  # Korean unless the brief is Japanese or Chinese
    complex: str  # the complex-script (right-to-left) family: Arabic's for an Arabic brief


def theme_fonts(brand: BrandInfo, language: str = "en") -> dict[str, ThemeFonts]:
    """major / minor -> the Latin, East Asian and complex-script families for a brief in `language`."""
    base = base_language(language)
    fonts = brand.extra.get("fonts", {})
    east = fonts.get(base if base in EAST_ASIAN else "ko", {}) or fonts.get("ko", {})
    complex_ = fonts.get(base, {}) if base in SCRIPTS and base not in EAST_ASIAN else {}
    found = {}
    for kind, role, latin in (
        ("major", "headings", brand.headings_family),
        ("minor", "base", brand.base_family),
    ):
        found[kind] = ThemeFonts(latin, east.get(role, latin), complex_.get(role, latin))
    return found


def apply_theme(document: Document, brand: BrandInfo, language: str = "en") -> None:
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
        base = base_language(language)
        for kind, fonts in theme_fonts(brand, language).items():
            group = font_scheme.find(f"{{{A}}}{kind}Font")
            if group is None:
                continue
            slots = [("latin", fonts.latin), ("ea", fonts.east_asian)]
            scripts = [("Hang", theme_fonts(brand, "ko")[kind].east_asian)]
            if fonts.complex != fonts.latin:
                slots.append(("cs", fonts.complex))
            if base in SCRIPTS and base != "ko":
                scripts.append(
                    (SCRIPTS[base], fonts.complex if fonts.complex != fonts.latin else fonts.east_asian)
                )
            for tag, value in slots:
                node = group.find(f"{{{A}}}{tag}")
                if node is not None:
                    node.set("typeface", value)
            for script, value in scripts:
                holder = next((f for f in group.findall(f"{{{A}}}font") if f.get("script") == script), None)
                if holder is None:
                    holder = etree.SubElement(group, f"{{{A}}}font", script=script)
                holder.set("typeface", value)
    replace_part(document.part, RT.THEME, theme)


def refresh_fallbacks(root: etree._Element, brand: BrandInfo, language: str = "en") -> None:
    """Set the explicit colour and font values beside theme references to the brand's."""
    colours = palette(brand)
    fonts = theme_fonts(brand, language)
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
            for attr, theme_attr, index in (
                ("w:ascii", "w:asciiTheme", 0),
                ("w:hAnsi", "w:hAnsiTheme", 0),
                ("w:eastAsia", "w:eastAsiaTheme", 1),
                ("w:cs", "w:cstheme", 2),
            ):
                value = node.get(qn(theme_attr), "")
                kind = (
                    "major" if value.startswith("major") else "minor" if value.startswith("minor") else None
                )
                if kind:
                    node.set(qn(attr), fonts[kind][index])


def _tinted(colour: str, tint_hex: str | None) -> str:
    """A theme colour with its `w:themeTint` / `w:themeFillTint` applied (none: the colour)."""
    if not tint_hex:
        return colour
    try:
        return tinted(colour, int(tint_hex, 16) / 255)
    except ValueError:
        return colour


def apply(document: Document, brand: BrandInfo, language: str = "en") -> None:
    apply_theme(document, brand, language)
    refresh_fallbacks(document.styles.element, brand, language)
    refresh_fallbacks(document.part.numbering_part.element, brand, language)
