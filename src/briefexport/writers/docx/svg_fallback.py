"""The PNG an SVG picture carries in a Word draft for readers that predate SVG (and LibreOffice):
drawn with CairoSVG, FALLBACK_PIXELS on its longer side, or, should Cairo fail or be missing, a
tile in the picture's proportions that shows its description.

Drawing is deterministic (same SVG, size and libraries: same bytes), and the brand's logo is the
same SVG in every draft, so a drawn PNG is kept in the output folder's digest cache (like the
EPUB's covers), keyed by the SVG's bytes, the size, this module's code and the versions of
CairoSVG, cairocffi, Cairo, pixman (which rasterizes), libpng and zlib (which encode). A draft whose
fallback is cached never imports CairoSVG, which with cairocffi is most of its cost.
The drawing and the versions are writers/shared/raster.py's (the EPUB's generated cover draws the
logo the same way); where a version cannot be read, nothing is cached and every PNG is drawn.
"""

from __future__ import annotations

import hashlib
import io
import re
from functools import cache
from pathlib import Path

from briefexport.writers.shared import raster
from briefexport.writers.shared.digest_cache import DigestCache, digest_key, file_digest
from briefexport.writers.shared.raster import drawing_libraries, svg_png

FALLBACKS = "svg-fallbacks"  # the name of their digest cache in the output folder's cache
FALLBACK_PIXELS = 1024  # on the longer side: sharp at the sizes a picture is shown in a document


def fallback_png(data: bytes, width: int, height: int, alt: str, cache: DigestCache | None) -> bytes:
    """The PNG for the SVG `data` shown `width` x `height` EMU: from `cache` when it was drawn
    before with the same libraries, else drawn (and kept), else the described tile."""
    drawing = _drawing()
    if cache is None or drawing is None:
        return _raster_png(data, width, height) or _tile_png(width, height, alt)
    key = digest_key("svg-fallback", drawing, hashlib.sha256(data).digest(), f"{width}x{height}")
    png = cache.get(key)
    if png is None:
        png = _raster_png(data, width, height)
        if png is None:
            return _tile_png(width, height, alt)
        cache.put(key, png)
    return png


@cache  # the code and libraries of a running process do not change
def _drawing() -> str | None:
    """What a drawn PNG depends on besides the SVG and its size; None if a version is unknown."""
    libraries = drawing_libraries()
    if libraries is None:
        return None
    return digest_key(file_digest(Path(__file__)), file_digest(Path(raster.__file__)), *libraries)


def _raster_png(data: bytes, width: int, height: int) -> bytes | None:
    """The SVG drawn as a PNG, FALLBACK_PIXELS on its longer side; None if it cannot be drawn."""
    scale = FALLBACK_PIXELS / max(width, height)
    return svg_png(data, round(width * scale), round(height * scale))


def _tile_png(width: int, height: int, alt: str) -> bytes:
    """A light tile in the picture's proportions with its description, for readers without SVG."""
    from PIL import Image, ImageDraw, ImageFont

    from briefexport.project import DEFAULTS_DIR

    scale = 800 / max(width, height)
    size = (max(80, round(width * scale)), max(80, round(height * scale)))
    tile = Image.new("RGB", size, (241, 244, 247))
    draw = ImageDraw.Draw(tile)
    draw.rectangle((0, 0, size[0] - 1, size[1] - 1), outline=(201, 209, 218), width=2)
    font_file = "NanumGothic.ttf" if re.search("[\uac00-\ud7a3]", alt) else "NotoSans-Regular.ttf"
    text_size = max(14, min(28, size[1] // 12))
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype(str(DEFAULTS_DIR / "fonts" / font_file), text_size)
    except OSError:
        font = ImageFont.load_default()
    lines, line = [], ""
    for word in alt.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > size[0] - 40:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    lines = lines[: max(1, (size[1] - 40) // (text_size + 6))]
    top = (size[1] - len(lines) * (text_size + 6)) // 2
    for index, text in enumerate(lines):
        draw.text((20, top + index * (text_size + 6)), text, fill=(91, 100, 112), font=font)
    out = io.BytesIO()
    tile.save(out, format="PNG", dpi=(96, 96))
    return out.getvalue()
