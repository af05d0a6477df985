"""Fonts for the formats that embed them (EPUB, the site): each of the brand's fonts that the text
needs, subset with HarfBuzz (uharfbuzz) to the characters of the languages it is the first choice for.

A Korean font is megabytes; the few hundred syllables of a brief need a small fraction of it.
HarfBuzz's subsetter is fast enough to need no cache and no worker process. The subset keeps the
`.notdef` outline (a missing glyph shows as a box, not as nothing), the glyphs shaping reaches
from the characters (GSUB/GPOS closure), and the name records of the family, style and version
and of the copyright, licence and licence URL, in every language, so the embedded font still
carries its OFL notice. Hinting and glyph names are dropped, as are the tables HarfBuzz cannot
subset (DSIG, VTT sources, the legacy `kern` table, so Nanum Gothic loses its Latin kerning).
Deterministic: same font and characters, same bytes (the font's own `head.modified` is kept,
never the clock).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import uharfbuzz as hb

from briefexport import i18n
from briefexport.writers.shared.layout import BrandInfo

# Name records kept: family/style/version names (0-6) plus copyright (0), licence (13) and its URL (14).
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


def subset_font(path: Path, characters: Iterable[str]) -> bytes:
    """The font at `path` cut down to the glyphs for `characters` (plus what shaping needs).

    Raises ValueError if `path` is not a font HarfBuzz can read and subset."""
    options = hb.SubsetInput()
    options.unicode_set.update(ord(c) for c in characters)
    options.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_HINTING
    options.name_id_set.clear()
    options.name_id_set.update(NAME_IDS)
    options.name_lang_id_set.clear()
    options.name_lang_id_set.invert()  # every language, e.g. the Korean names of a Korean font
    try:
        return hb.subset(hb.Face(hb.Blob.from_file_path(str(path))), options).blob.data
    except (hb.HarfBuzzError, RuntimeError) as problem:  # unreadable, not a font, or a broken one
        raise ValueError(f"not a font that can be subset ({problem})") from None


def codepoints(path: Path) -> frozenset[int]:
    """The characters (code points) the font at `path` has glyphs for, from its cmap."""
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path))).unicodes)


_WIDE = re.compile("[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
                   "\U00020000-\U0003ffff]")
_FAMILY = re.compile(r'"([^"]+)"')
_CSS_CONTENT = re.compile(r'content:\s*"((?:[^"\\]|\\.)*)"')
# Characters a reading system may draw itself: hyphens when it hyphenates (U+2010 in WebKit and
# WeasyPrint), list numbers and bullets, the no-break space, the ellipsis of cut-off text.
READER_CHARACTERS = frozenset(" -\u2010\u00a0.,0123456789\u2022\u25e6\u25aa\u2026")


def font_characters(brand: BrandInfo, by_language: dict[str, set[str]], css: str) -> dict[str, set[str]]:
    """Characters each font family must cover.

    A family gets the text of every language for which it is the first choice (body or headings).
    A family chosen for a CJK language also gets every CJK character anywhere, since the other
    languages' font lists fall back to it for such characters (e.g. a Hangul title cited in an
    English brief). So an English-only book carries no Korean font at all.
    """
    generated = set("".join(_CSS_CONTENT.findall(css))) | READER_CHARACTERS
    per_family: dict[str, set[str]] = {}
    cjk_families = {family for lang, roles in brand.extra.get("fonts", {}).items()
                    if lang in ("ko", "ja", "zh") for family in roles.values()}
    wide = {c for chars in by_language.values() for c in chars if _WIDE.match(c)}
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


def named_families(css_list: str) -> list[str]:
    """The quoted family names of a CSS font-family list, in order."""
    return _FAMILY.findall(css_list)


def families(brand: BrandInfo, languages: list[str]) -> dict[str, dict[str, str]]:
    """CSS font-family lists for body and headings text, per (base) language of the book."""
    return {i18n.base_language(lang): {role: brand.family_for(lang, role) for role in ("base", "headings")}
            for lang in languages}
