"""The EPUB's fonts: the brand's fonts that the text needs, each subset (writers/shared/subset.py)
to the characters of the languages it is the first choice for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from briefexport import i18n
from briefexport.errors import ContentError, Diagnostic
from briefexport.safety.files import check_file
from briefexport.writers.shared.layout import BrandInfo, Layout
from briefexport.writers.shared.subset import WIDE, subset_font

XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_FAMILY = re.compile(r'"([^"]+)"')
_CSS_CONTENT = re.compile(r'content:\s*"((?:[^"\\]|\\.)*)"')
# Characters a reading system may draw itself: hyphens when it hyphenates (U+2010 in WebKit and
# WeasyPrint), list numbers and bullets, the no-break space, the ellipsis of cut-off text.
READER_CHARACTERS = frozenset(" -\u2010\u00a0.,0123456789\u2022\u25e6\u25aa\u2026")


def characters_by_language(documents: list[bytes], default_language: str) -> dict[str, set[str]]:
    """The characters of every document, grouped by the (base) language of the element they sit in."""
    found: dict[str, set[str]] = {}

    def walk(element, language: str) -> None:
        language = element.get(XML_NS + "lang") or element.get("lang") or language
        chars = found.setdefault(i18n.base_language(language), set())
        if element.text:
            chars.update(element.text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child, language)
            if child.tail:
                chars.update(child.tail)
        if element.tag.endswith("}img") and element.get("alt"):
            chars.update(element.get("alt"))  # shown when a picture cannot be

    for document in documents:
        walk(etree.fromstring(document), default_language)
    return found


def font_characters(layout: Layout, by_language: dict[str, set[str]], css: str) -> dict[str, set[str]]:
    """Characters each font family must cover.

    A family gets the text of every language for which it is the first choice (body or headings).
    A family chosen for a CJK language also gets every CJK character anywhere, since the other
    languages' font lists fall back to it for such characters (e.g. a Hangul title cited in an
    English brief). So an English-only book carries no Korean font at all.
    """
    brand = layout.brand
    generated = set("".join(_CSS_CONTENT.findall(css))) | READER_CHARACTERS
    per_family: dict[str, set[str]] = {}
    cjk_families = {family for lang, roles in brand.extra.get("fonts", {}).items()
                    if lang in ("ko", "ja", "zh") for family in roles.values()}
    wide = {c for chars in by_language.values() for c in chars if WIDE.match(c)}
    for language, chars in by_language.items():
        for role in ("base", "headings"):
            families = named_families(brand.family_for(language, role))
            if families:
                per_family.setdefault(families[0], set()).update(chars, generated)
    for family in cjk_families:
        if wide:
            per_family.setdefault(family, set()).update(wide)
    return {family: {c for c in chars if c not in "\n\r\t"}
            for family, chars in per_family.items() if any(not c.isspace() for c in chars)}


@dataclass(frozen=True)
class EmbeddedFont:
    family: str
    weight: int
    style: str
    href: str  # from EPUB/
    data: bytes


def embedded_fonts(layout: Layout, needed: dict[str, set[str]]) -> list[EmbeddedFont]:
    """The brand's fonts that the text needs, each subset to the characters of its family."""
    fonts, names = [], set()
    for face in layout.brand.fonts:
        chars = needed.get(face.family)
        if not chars:
            continue
        path = check_file(face.path, layout.project)
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem) or "font"
        href, counter = f"fonts/{name}.ttf", 1
        while href in names:
            counter += 1
            href = f"fonts/{name}-{counter}.ttf"
        names.add(href)
        try:
            data = subset_font(path, chars)
        except ValueError as exc:
            raise ContentError(Diagnostic(layout.project.display(path), 0, 0, f"font of `{face.family}`: {exc}",
                                          "point the brand's font at a TrueType or OpenType file")) from None
        fonts.append(EmbeddedFont(face.family, face.weight, face.style, href, data))
    return fonts


def named_families(css_list: str) -> list[str]:
    """The quoted family names of a CSS font-family list, in order."""
    return _FAMILY.findall(css_list)


def families(brand: BrandInfo, languages: list[str]) -> dict[str, dict[str, str]]:
    """CSS font-family lists for body and headings text, per (base) language of the book."""
    return {i18n.base_language(lang): {role: brand.family_for(lang, role) for role in ("base", "headings")}
            for lang in languages}
