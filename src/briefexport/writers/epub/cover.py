"""The book's cover: the collection's own picture, or one drawn with Pillow from the brand colours,
the title set in the bundled fonts.

A raster image (PNG or JPEG) so that library views of every reader show it. Deterministic: same
input, same bytes; so a generated cover is kept in the output folder's digest cache, keyed by
everything it is drawn from, and a rebuild (or a book with the same title) draws none.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import PIL
from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from briefexport.errors import ContentError, Diagnostic
from briefexport.safety.files import Refused, check_file, resolve_local
from briefexport.safety.pictures import check_decodes, sniff
from briefexport.writers.epub.book import Book
from briefexport.writers.shared.context import series
from briefexport.writers.shared.digest_cache import digest_key, file_digest
from briefexport.writers.shared.fonts import named_families
from briefexport.writers.shared.layout import Layout
from briefexport.writers.shared.subset import code_digest, codepoints

SIZE = (1600, 2560)  # the 1:1.6 portrait most stores and readers expect
COVERS = "covers"  # the name of their digest cache in the output folder's cache
# The libraries whose output is in the PNG's bytes: glyph rasterizing, text layout, zlib.
_LIBRARIES = ("freetype2", "raqm", "fribidi", "harfbuzz", "zlib")


@dataclass(frozen=True)
class Cover:
    name: str  # inside EPUB/
    data: bytes


def book_cover(book: Book, layout: Layout) -> Cover:
    """The collection's own cover when it names one, else a generated one."""
    if not book.cover:
        return Cover("images/cover.png", generated_cover(book, layout))
    path, media_type = _own_cover(book, book.cover, layout)
    return Cover("images/cover.jpg" if media_type == "image/jpeg" else "images/cover.png", path.read_bytes())


def _own_cover(book: Book, cover: str, layout: Layout) -> tuple[Path, str]:
    shown = layout.project.display(book.source)
    line = _key_line(book.source, "cover")
    try:
        path = check_file(resolve_local(cover, book.source.parent, layout.project), layout.project)
        media_type = sniff(path.read_bytes())
        check_decodes(path)
    except Refused as exc:
        raise ContentError(Diagnostic(shown, line, 1, f"cover `{cover}`: {exc}")) from None
    if media_type not in ("image/png", "image/jpeg"):
        raise ContentError(
            Diagnostic(
                shown,
                line,
                1,
                f"cover `{cover}`: not a PNG or JPEG image",
                "readers show only raster covers in their library views",
            )
        )
    return path, media_type


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level `key:` in a YAML file (for messages), else 0."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return 0


def generated_cover(book: Book, layout: Layout) -> bytes:
    """A cover in the brand's colours: the years (or the brief's series and number), the title,
    the subtitle and the publisher, each in the first bundled font that has all its characters."""
    brand = layout.brand
    families = named_families(brand.family_for(book.language, "headings")) + named_families(
        brand.family_for(book.language, "base")
    )

    def faces(bold: bool) -> list[Path]:
        ordered = sorted(
            brand.fonts,
            key=lambda f: (
                families.index(f.family) if f.family in families else 99,
                f.style != "normal",
                (f.weight >= 600) != bold,
            ),
        )
        return [check_file(f.path, layout.project) for f in ordered]

    if book.is_collection:
        years = sorted({brief.meta.date.year for brief in book.briefs})
        label = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    else:
        brief = book.briefs[0]
        name = series(brief, layout)
        label = (
            f"{name} {layout.labels(brief.language)['number']} {brief.meta.number}"
            if brief.meta.number
            else name
        )
    title_fonts, text_fonts = faces(bold=True), faces(bold=False)
    covers = layout.cache(COVERS)
    key = digest_key(
        "cover",
        _drawing_code(),
        book.title,
        book.subtitle or "",
        brand.name,
        label,
        brand.primary,
        brand.secondary,
        brand.background,
        str(len(title_fonts)),
        *(layout.file_digest(path) for path in title_fonts + text_fonts),
    )
    data = covers.get(key)
    if data is None:
        data = render_cover(
            book.title,
            book.subtitle,
            brand.name,
            label=label,
            background=brand.primary,
            accent=brand.secondary,
            foreground=brand.background,
            title_fonts=title_fonts,
            text_fonts=text_fonts,
        )
        covers.put(key, data)
    return data


@cache  # the code and libraries of a running process do not change
def _drawing_code() -> str:
    """What a cover depends on besides its text, colours and fonts: this module's code, the font
    picking's (HarfBuzz cmaps), Pillow and the libraries it draws and encodes with."""
    versions = [PIL.__version__] + [f"{name} {features.version(name)}" for name in _LIBRARIES]
    return digest_key(file_digest(Path(__file__)), code_digest(), *versions)


def pick_font(text: str, candidates: list[Path]) -> Path:
    """The first font that has a glyph for every character of `text` (else the first one)."""
    needed = {ord(c) for c in text if not c.isspace()}
    for path in candidates:
        if needed <= codepoints(path):
            return path
    return candidates[0]


def one_line(text: str) -> str:
    """`text` as one line Pillow can lay out (its raqm layout fails on CR, NEL and other control
    characters): control characters removed, every run of whitespace one space."""
    kept = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cs")
    )
    return " ".join(kept.split())


def _mix(colour: tuple[int, int, int], other: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    red, green, blue = (round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))
    return red, green, blue


def _blends(pairs: list[tuple[tuple[int, int, int], tuple[int, int, int]]]) -> Image.Image:
    """A palette holding every colour the cover can contain: antialiased text is its colour blended
    into what lies beneath, so 50 steps between each pair drawn on each other stand for all of them
    (within 3 levels of 255). Quantizing to it is quick, and a palette PNG encodes much faster
    than an RGB one (Pillow tries five filters on every row of a cover's millions of pixels)."""
    colours: list[int] = []
    for under, over in pairs:
        for step in range(51):
            colours.extend(_mix(under, over, step / 50))
    palette = Image.new("P", (1, 1))
    palette.putpalette(colours[:768])
    return palette


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the line breaks between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:  # CJK words and very long words
            if font.getlength(line + char) > width and line:
                lines.append(line)
                line = ""
            line += char
    if line:
        lines.append(line)
    return lines


def _fit(
    text: str, font_path: Path, width: int, max_height: int, start: int, smallest: int, leading: float
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest size (from `start` down to `smallest`) at which `text` fits the box."""
    size = start
    while True:
        font = ImageFont.truetype(str(font_path), size)
        lines = _wrap(text, font, width)
        line_height = round(size * leading)
        if len(lines) * line_height <= max_height or size <= smallest:
            return font, lines, line_height
        size = max(smallest, int(size * 0.9))


def render_cover(
    title: str,
    subtitle: str | None,
    publisher: str,
    *,
    label: str | None,
    background: str,
    accent: str,
    foreground: str,
    title_fonts: list[Path],
    text_fonts: list[Path],
    size: tuple[int, int] = SIZE,
) -> bytes:
    """A PNG cover: `label` (e.g. the series) at the top, the title large, the subtitle, the publisher.

    `title_fonts` and `text_fonts` are candidates in order of preference; each string is set in
    the first one that covers all its characters (Latin fonts first, then e.g. Korean ones).
    """
    title, subtitle, publisher = one_line(title), one_line(subtitle or ""), one_line(publisher)
    label = one_line(label or "")
    width, height = size
    bg = ImageColor.getrgb(background)[:3]
    fg = ImageColor.getrgb(foreground)[:3]
    accent_rgb = ImageColor.getrgb(accent)[:3]
    soft = _mix(bg, fg, 0.72)  # secondary text: the foreground, slightly sunk into the background
    image = Image.new("RGB", size, bg)
    draw = ImageDraw.Draw(image)
    margin = round(width * 0.09)
    text_width = width - 2 * margin

    # A meridian mark: a large globe outline cut by its meridian, in a tone close to the background.
    motif = _mix(bg, fg, 0.1)
    cx, cy, r = round(width * 0.84), round(height * 0.14), round(width * 0.38)
    stroke = round(width * 0.012)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=motif, width=stroke)
    draw.ellipse((cx - r * 0.42, cy - r, cx + r * 0.42, cy + r), outline=motif, width=stroke)
    draw.line((cx - r, cy, cx + r, cy), fill=motif, width=stroke)
    draw.line((cx, cy - r, cx, cy + r), fill=motif, width=stroke)

    y = round(height * 0.075)
    if label:
        font = ImageFont.truetype(str(pick_font(label, text_fonts)), round(width * 0.036))
        spaced = label.upper()
        draw.text((margin, y), spaced, font=font, fill=fg)
        y += round(width * 0.036 * 1.6)
    draw.rectangle((margin, y, margin + round(width * 0.16), y + round(width * 0.012)), fill=accent_rgb)

    # Title: as large as fits below the mark, above the subtitle area.
    top = round(height * 0.36)
    font, lines, line_height = _fit(
        title,
        pick_font(title, title_fonts),
        text_width,
        round(height * 0.34),
        round(width * 0.095),
        round(width * 0.045),
        1.18,
    )
    for line in lines:
        draw.text((margin, top), line, font=font, fill=fg)
        top += line_height
    if subtitle:
        top += round(line_height * 0.45)
        font, lines, line_height = _fit(
            subtitle,
            pick_font(subtitle, text_fonts),
            text_width,
            round(height * 0.14),
            round(width * 0.042),
            round(width * 0.028),
            1.35,
        )
        for line in lines:
            draw.text((margin, top), line, font=font, fill=soft)
            top += line_height

    # Publisher on an accent band at the foot.
    band = round(height * 0.1)
    draw.rectangle((0, height - band, width, height), fill=accent_rgb)
    font = ImageFont.truetype(str(pick_font(publisher, title_fonts)), round(width * 0.036))
    ascent, descent = font.getmetrics()
    draw.text((margin, height - band + (band - ascent - descent) // 2), publisher, font=font, fill=fg)

    drawn_on = [(bg, fg), (bg, soft), (bg, motif), (bg, accent_rgb), (accent_rgb, fg)]
    out = io.BytesIO()
    image.quantize(palette=_blends(drawn_on), dither=Image.Dither.NONE).save(
        out, format="PNG", compress_level=6, compress_type=3
    )  # zlib Z_RLE: made for flat colour
    return out.getvalue()
