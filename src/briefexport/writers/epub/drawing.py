"""A generated cover drawn with Pillow: the brand's logo and name at the top, the series or years,
the title and subtitle, the web address on an accent band at the foot; each text in the first of
the brand's fonts that has all its characters. Deterministic (same input, same bytes), so
cover.py keeps it in a digest cache.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from briefexport.safety.pictures import SVG, sniff
from briefexport.writers.shared.raster import svg_png
from briefexport.writers.shared.subset import codepoints

SIZE = (1600, 2560)  # the 1:1.6 portrait most stores and readers expect
LOGO_COLOURS = 52  # the palette's 256 less the text's 4 x 51 blends


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


def _blends(
    pairs: list[tuple[tuple[int, int, int], tuple[int, int, int]]], more: list[tuple[int, int, int]]
) -> Image.Image:
    """A palette holding every colour the cover can contain: antialiased text is its colour blended
    into what lies beneath, so 50 steps between each pair drawn on each other stand for all of them
    (within 3 levels of 255), and `more` (the logo's). Quantizing to it is quick, and a palette PNG
    encodes much faster than an RGB one (Pillow tries five filters on every row of a cover's
    millions of pixels)."""
    colours: list[int] = []
    for under, over in pairs:
        for step in range(51):
            colours.extend(_mix(under, over, step / 50))
    for colour in more:
        colours.extend(colour)
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
    logo: Path | None = None,
    address: str = "",
    background: str,
    accent: str,
    foreground: str,
    title_fonts: list[Path],
    text_fonts: list[Path],
    size: tuple[int, int] = SIZE,
) -> bytes:
    """A PNG cover: the `logo` and the `publisher`'s name at the top, `label` (the series, the
    years), the title large, the subtitle, the web `address` on an accent band at the foot.

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

    # The brand at the top, as the masthead has it: its logo, its name beside it.
    top = round(height * 0.06)
    mark = drawn_logo(logo, round(width * 0.1)) if logo else None
    name_left = margin
    logo_colours: list[tuple[int, int, int]] = []
    if mark is not None:
        mark = mark.crop((0, 0, min(mark.width, text_width // 2), mark.height))
        under = Image.new("RGBA", mark.size, (*bg, 255))
        placed = Image.alpha_composite(under, mark).convert("RGB")
        image.paste(placed, (margin, top))
        logo_colours = _colours_of(placed)
        name_left = margin + mark.width + round(width * 0.03)
    font, lines, line_height = _fit(
        publisher,
        pick_font(publisher, title_fonts),
        width - margin - name_left,
        mark.height if mark is not None else round(width * 0.1),
        round(width * 0.036),
        round(width * 0.026),
        1.2,
    )
    block = len(lines) * line_height
    y = top + ((mark.height - block) // 2 if mark is not None and block < mark.height else 0)
    for line in lines:
        draw.text((name_left, y), line, font=font, fill=fg)
        y += line_height

    y = round(height * 0.2)
    if label:
        font = ImageFont.truetype(str(pick_font(label, text_fonts)), round(width * 0.036))
        draw.text((margin, y), label.upper(), font=font, fill=fg)
        y += round(width * 0.036 * 1.6)
    draw.rectangle((margin, y, margin + round(width * 0.16), y + round(width * 0.012)), fill=accent_rgb)

    # Title: as large as fits, above the subtitle area.
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

    # The web address on an accent band at the foot.
    band = round(height * 0.1)
    draw.rectangle((0, height - band, width, height), fill=accent_rgb)
    address = one_line(address.removeprefix("https://").removeprefix("http://"))
    if address:
        font = ImageFont.truetype(str(pick_font(address, text_fonts)), round(width * 0.03))
        ascent, descent = font.getmetrics()
        draw.text((margin, height - band + (band - ascent - descent) // 2), address, font=font, fill=fg)

    drawn_on = [(bg, fg), (bg, soft), (bg, accent_rgb), (accent_rgb, fg)]
    out = io.BytesIO()
    image.quantize(palette=_blends(drawn_on, logo_colours), dither=Image.Dither.NONE).save(
        out, format="PNG", compress_level=6, compress_type=3
    )  # zlib Z_RLE: made for flat colour
    return out.getvalue()


def drawn_logo(path: Path, height: int) -> Image.Image | None:
    """The logo `height` pixels high, in its proportions, as RGBA (an SVG drawn by CairoSVG with
    nothing loaded); None when it cannot be drawn."""
    data: bytes | None = path.read_bytes()
    if data is not None and sniff(data) == SVG:
        data = svg_png(data, None, height)
    if data is None:
        return None
    try:
        with Image.open(io.BytesIO(data)) as opened:
            picture = opened.convert("RGBA")
            scaled = (max(1, round(picture.width * height / picture.height)), height)
            return picture.resize(scaled, Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError, ZeroDivisionError):
        return None


def _colours_of(picture: Image.Image) -> list[tuple[int, int, int]]:
    """Up to LOGO_COLOURS colours that stand for the picture's (median cut: deterministic)."""
    reduced = picture.quantize(colors=LOGO_COLOURS, method=Image.Quantize.MEDIANCUT)
    palette = reduced.getpalette() or []
    used = sorted(
        {int(index) for _, index in reduced.getcolors(LOGO_COLOURS) or [] if isinstance(index, int)}
    )
    return [(palette[3 * i], palette[3 * i + 1], palette[3 * i + 2]) for i in used]
