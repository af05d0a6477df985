"""Subset TrueType/OpenType fonts to the characters a document uses, with HarfBuzz (uharfbuzz).

A Korean font is about 4 MB; the few hundred syllables of a brief need about 100 KB. HarfBuzz's
subsetter takes about 1 ms per font (fontTools took 0.2 s), so there is no cache and no worker
process. The subset keeps the `.notdef` outline (a missing glyph shows as a box, not as nothing),
the glyphs shaping reaches from the characters (GSUB/GPOS closure), and the name records of the
family, style and version and of the copyright, licence and licence URL, in every language, so
the embedded font still carries its OFL notice. Hinting and glyph names are dropped, as are the
tables HarfBuzz cannot subset (DSIG, VTT sources, the legacy `kern` table: Nanum Gothic loses its
113 Latin kerning pairs). Deterministic: same font and characters, same bytes (the font's own
`head.modified` is kept, never the clock).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import uharfbuzz as hb

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
    """The characters (code points) the font at `path` has glyphs for, from its cmap (about 1 ms)."""
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path))).unicodes)
