"""Remakes the bundled fonts for Chinese, Japanese and Arabic in fonts/ from Debian's packages of
Google's Noto fonts (SIL Open Font License 1.1). Run by hand, once; builds use the committed files.

    apt-get download fonts-noto-cjk fonts-noto-core
    for deb in fonts-noto-*.deb; do dpkg-deb -x "$deb" noto; done
    .venv/bin/python tools/make_language_fonts.py noto

Which faces, as publishers of each language set a brief:
- Chinese (Simplified): body in a Song (Ming) face, Noto Serif CJK SC; headings, the masthead,
  tables and captions in a Hei (sans) face, Noto Sans CJK SC, regular and bold. Bold in running
  text is set in the Hei face, as Chinese book typography has long done (a bold Song is rare), so
  no bold serif is shipped.
- Japanese: body in a Mincho face, Noto Serif CJK JP; headings and bold in a Gothic face, Noto
  Sans CJK JP, regular and bold (the same convention as Chinese).
- Arabic: body in Naskh, the book hand, Noto Naskh Arabic; headings in Noto Sans Arabic, the
  modern unmodulated style Arabic reports set headings in; each regular and bold, whole.

The CJK faces come from the region-specific faces of Noto's OpenType collections (SC for Chinese,
JP for Japanese: each has its region's glyph forms), cut with HarfBuzz's subsetter to a documented
character set, since a whole face (about 65,000 glyphs, 17-27 MB a weight) is more than a
repository should hold and more than the 8 MiB a committed file may have:
- Chinese: GB 2312 (its 6,763 Han characters and its symbols, kana, Greek and Cyrillic), read
  from Python's own gb2312 codec;
- Japanese: JIS X 0208 (6,355 kanji, kana and symbols), from the euc_jp codec, plus the four
  Jōyō kanji of 2010 that JIS X 0208 lacks (𠮟 塡 剝 頰) and the half-width katakana of JIS X 0201;
- both: ASCII, Latin-1, Latin Extended-A, general punctuation, CJK symbols and punctuation and
  the full-width forms, as far as the face has them.
A character outside the set is a located error at `check` and in every build (never a box in a
PDF), naming the character: a project that needs more ships its own fonts (docs/languages.md).
The subsets keep the layout features HarfBuzz keeps by default, the name table (copyright,
licence) whole, no hinting (CJK outlines are unhinted in print anyway), and are the same bytes
for the same input.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import uharfbuzz as hb

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"
CJK = "usr/share/fonts/opentype/noto"
ARABIC = "usr/share/fonts/truetype/noto"
# The index of each region's face in Noto's OpenType collections (JP, KR, SC, TC, HK, then Mono).
FACE = {"JP": 0, "SC": 2}
SUBSETS = [
    ("NotoSerifCJK-Regular.ttc", "SC", "NotoSerifCJKsc-Regular.otf"),
    ("NotoSansCJK-Regular.ttc", "SC", "NotoSansCJKsc-Regular.otf"),
    ("NotoSansCJK-Bold.ttc", "SC", "NotoSansCJKsc-Bold.otf"),
    ("NotoSerifCJK-Regular.ttc", "JP", "NotoSerifCJKjp-Regular.otf"),
    ("NotoSansCJK-Regular.ttc", "JP", "NotoSansCJKjp-Regular.otf"),
    ("NotoSansCJK-Bold.ttc", "JP", "NotoSansCJKjp-Bold.otf"),
]
WHOLE = [
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
]
JOYO_2010_OUTSIDE_JIS_X_0208 = "\U00020b9f\u5861\u525d\u9830"  # 𠮟 塡 剝 頰


def double_byte(codec: str, lead: int | None = None) -> set[str]:
    """Every character a two-byte (EUC) codec maps, rows and cells 0xA1-0xFE."""
    found: set[str] = set()
    prefix = bytes([lead]) if lead else b""
    for row in range(0xA1, 0xFF):
        for cell in range(0xA1, 0xFF):
            try:
                found.update(bytes(prefix + bytes([row, cell])).decode(codec))
            except UnicodeDecodeError:
                continue
    return found


def ranges(*pairs: tuple[int, int]) -> set[str]:
    return {chr(code) for start, end in pairs for code in range(start, end + 1)}


COMMON = ranges(
    (0x20, 0x7E),  # ASCII
    (0xA0, 0x17F),  # Latin-1 and Latin Extended-A
    (0x2000, 0x206F),  # general punctuation
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF01, 0xFF60),  # full-width forms
)
CHARACTERS = {
    "SC": double_byte("gb2312") | COMMON,
    "JP": double_byte("euc_jp") | set(JOYO_2010_OUTSIDE_JIS_X_0208) | ranges((0xFF61, 0xFF9F)) | COMMON,
}


def subset(path: Path, index: int, characters: set[str]) -> bytes:
    options = hb.SubsetInput()
    options.unicode_set.update(ord(c) for c in characters)
    options.flags = hb.SubsetFlags.NO_HINTING
    options.name_id_set.clear()
    options.name_id_set.invert()  # every name record: copyright, licence, family
    options.name_lang_id_set.clear()
    options.name_lang_id_set.invert()
    return hb.subset(hb.Face(hb.Blob.from_file_path(str(path)), index), options).blob.data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="where fonts-noto-cjk and fonts-noto-core were unpacked")
    args = parser.parse_args()
    for collection, region, name in SUBSETS:
        data = subset(args.source / CJK / collection, FACE[region], CHARACTERS[region])
        (FONTS / name).write_bytes(data)
        print(f"fonts/{name}: {len(data):,} bytes, {len(CHARACTERS[region]):,} characters asked")
    for name in WHOLE:
        shutil.copyfile(args.source / ARABIC / name, FONTS / name)
        print(f"fonts/{name}: {(FONTS / name).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
