"""Which characters each of the brand's font families must cover, for the formats that embed
subsets of them (EPUB, the site; subset.py cuts them): the text of every language a family is the
first choice for."""

from __future__ import annotations

import re

from briefexport.content.locale import base_language
from briefexport.writers.shared.layout import BrandInfo
from briefexport.writers.shared.subset import WIDE, codepoints

_FAMILY = re.compile(r'"([^"]+)"')
_CSS_CONTENT = re.compile(r'content:\s*"((?:[^"\\]|\\.)*)"')
# Characters a reading system may draw itself: hyphens when it hyphenates (U+2010 in WebKit and
# WeasyPrint), list numbers and bullets, the no-break space, the ellipsis of cut-off text.
READER_CHARACTERS = frozenset(" -\u2010\u00a0.,0123456789\u2022\u25e6\u25aa\u2026")


def font_characters(brand: BrandInfo, by_language: dict[str, set[str]], css: str) -> dict[str, set[str]]:
    """Characters each font family must cover.

    A family gets the text of every language for which it is the first choice (body or headings).
    A CJK family further down a language's list also gets the CJK characters the families before
    it lack, since the list falls back to it for them (e.g. a Hangul title cited in an English
    brief). So an English-only book carries no Korean font at all, and a Chinese one no Korean
    font for the Han characters its Chinese font has.
    """
    generated = set("".join(_CSS_CONTENT.findall(css))) | READER_CHARACTERS
    per_family: dict[str, set[str]] = {}
    cjk_families = {
        family
        for lang, roles in brand.extra.get("fonts", {}).items()
        if lang in ("ko", "ja", "zh")
        for family in roles.values()
    }
    wide = {c for chars in by_language.values() for c in chars if WIDE.match(c)}
    for language, chars in by_language.items():
        for role in ("base", "headings"):
            families = named_families(brand.family_for(language, role))
            if families:
                per_family.setdefault(families[0], set()).update(chars, generated)
            for index, family in enumerate(families[1:], 1):
                if family in cjk_families and wide:
                    earlier = _covered(brand, families[:index])
                    per_family.setdefault(family, set()).update(c for c in wide if ord(c) not in earlier)
    return {
        family: {c for c in chars if c not in "\n\r\t"}
        for family, chars in per_family.items()
        if any(not c.isspace() for c in chars)
    }


def _covered(brand: BrandInfo, families: list[str]) -> frozenset[int]:
    """The code points any face of these families maps."""
    return frozenset().union(*(codepoints(face.path) for face in brand.fonts if face.family in families))


def named_families(css_list: str) -> list[str]:
    """The quoted family names of a CSS font-family list, in order."""
    return _FAMILY.findall(css_list)


def families(brand: BrandInfo, languages: list[str]) -> dict[str, dict[str, str]]:
    """CSS font-family lists for body and headings text, per (base) language of the book."""
    return {
        base_language(lang): {role: brand.family_for(lang, role) for role in ("base", "headings")}
        for lang in languages
    }
