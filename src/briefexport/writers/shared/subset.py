"""Font subsets with HarfBuzz (uharfbuzz), for every format that embeds the brand's fonts (EPUB,
DOCX), and what a font's licence bits allow.

A Korean font is megabytes; the few hundred syllables of a brief need a small fraction of it.
HarfBuzz's subsetter needs no worker process; `cached_subset` keeps what it made in the output
folder's cache, for the next book with the same characters and the next build. The subset keeps the
`.notdef` outline (a missing glyph shows as a box, not as nothing), the glyphs shaping reaches
from the characters (GSUB/GPOS closure), and the name records of the family, style and version
and of the copyright, licence and licence URL, in every language, so the embedded font still
carries its OFL notice. Hinting and glyph names are dropped, as are the tables HarfBuzz cannot
subset (DSIG, VTT sources, the legacy `kern` table, so Nanum Gothic loses its Latin kerning).
Deterministic: same font and characters, same bytes (the font's own `head.modified` is kept,
never the clock).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from briefexport.writers.shared.digest_cache import DigestCache, digest_key, file_digest

SUBSETS = "font-subsets"  # the name of their digest cache in the output folder's cache

# Name records kept: family/style/version names (0-6) plus copyright (0), licence (13) and its URL (14).
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)

# East Asian characters (Hangul, CJK ideographs and punctuation, full-width forms): set in a
# document's East Asian font, not its Latin one.
WIDE = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003ffff]"
)


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


def font_suffix(path: Path) -> str:
    """`.otf` for a font with PostScript (CFF) outlines, `.ttf` for TrueType ones: the suffix (and
    media type) its subsets are published under. A subset keeps its font's outline format."""
    try:
        with path.open("rb") as font:
            return ".otf" if font.read(4) == b"OTTO" else ".ttf"
    except OSError:
        return ".ttf"


def cached_subset(
    path: Path, characters: Iterable[str], cache: DigestCache, digest: Callable[[Path], str] = file_digest
) -> bytes:
    """`subset_font(path, characters)`, from `cache` when it made that subset before.

    The key is everything the subset depends on: the font's bytes, the exact characters, the
    options (this module's code) and the HarfBuzz that cuts it, so a cached subset is the same
    bytes as a new one."""
    wanted = "".join(sorted(set(characters))).encode("utf-8", "surrogatepass")
    key = digest_key("font subset", digest(path), code_digest(), wanted)
    data = cache.get(key)
    if data is None:
        data = subset_font(path, characters)
        cache.put(key, data)
    return data


def code_digest() -> str:
    """What the subsets and cmaps made here depend on besides the font: this module's code (its
    options) and the HarfBuzz that reads and cuts the font; part of every cache key built on them."""
    return digest_key(file_digest(Path(__file__)), hb.__version__, hb.version_string())


def codepoints(path: Path) -> frozenset[int]:
    """The characters (code points) the font at `path` has glyphs for, from its cmap."""
    info = os.stat(path)
    return _codepoints(str(path), (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))


@lru_cache(maxsize=64)
def _codepoints(path: str, signature: tuple) -> frozenset[int]:  # a font changed since is read again
    return frozenset(hb.Face(hb.Blob.from_file_path(path)).unicodes)


def may_embed_subset_for_editing(path: Path) -> bool:
    """What the font's licence allows, as its OS/2 `fsType` bits say (OpenType spec): embedding in
    a document that may be edited (0: installable, or bit 3: editable; not bit 1: restricted, nor
    bit 2 alone: preview and print only), as a subset (not bit 8) of outlines (not bit 9). The SIL
    Open Font License allows it; its fonts say 0 or 8."""
    try:
        table = hb.Face(hb.Blob.from_file_path(str(path))).reference_table("OS/2").data
    except (hb.HarfBuzzError, RuntimeError, OSError):
        return False
    if len(table) < 10:
        return False
    fs_type = int.from_bytes(table[8:10], "big")
    usage = fs_type & 0x000F
    return (usage == 0 or usage & 0x0008 != 0) and not fs_type & 0x0300
