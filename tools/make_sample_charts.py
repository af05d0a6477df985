"""Draw the two sample charts used by the briefs in content/.

Usage (from the repository root):

    .venv/bin/python tools/make_sample_charts.py

Writes content/images/storage-capacity.png, storage-capacity-ko.png and dependency-ratio.png.
The data below must match the numbers quoted in the brief texts:

- storage-capacity.png     -> content/briefs/grid-storage-auctions.md
- storage-capacity-ko.png  -> content/briefs/grid-storage-auctions-ko.md (the same chart in Korean)
- dependency-ratio.png     -> content/briefs/ageing-workforce-automation.md

Output is deterministic: no timestamps or other metadata are written to the PNGs.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "content" / "images"

WIDTH, HEIGHT = 1600, 900
WHITE = (255, 255, 255)
NAVY = (0x1B, 0x3A, 0x5C)
TEAL = (0x2A, 0x9D, 0x8F)
INK = (0x22, 0x2B, 0x36)
MUTED = (0x5F, 0x6B, 0x7A)
GRID = (0xDD, 0xE2, 0xE8)

# Plot area (left, top, right, bottom) in pixels.
PLOT = (150, 190, 1530, 760)

# --- Data (keep in sync with the brief texts) -----------------------------------------

STORAGE_YEARS = ["2021", "2022", "2023", "2024", "2025", "2026*"]
STORAGE_CONTRACTED_GW = [0.4, 0.9, 1.6, 2.3, 3.1, 4.2]
STORAGE_OPERATIONAL_GW = [0.1, 0.3, 0.7, 1.2, 1.8, 2.4]

DEPENDENCY_YEARS = ["2000", "2010", "2020", "2025", "2030", "2035", "2040", "2045", "2050"]
DEPENDENCY_RATIO = [14, 18, 25, 30, 37, 44, 52, 58, 63]
DEPENDENCY_FIRST_PROJECTED = 4  # index of 2030: values from here on are projections


def _font_path(name: str) -> Path:
    for folder in (ROOT / "fonts", Path("/usr/share/fonts/truetype/noto")):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"font {name} not found in fonts/ or the system Noto folder")


FAMILY = {
    "en": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "ko": ("NanumGothic.ttf", "NanumGothicBold.ttf"),
}
LANGUAGE = ["en"]  # the language of the chart being drawn (its fonts)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    regular_name, bold_name = FAMILY[LANGUAGE[0]]
    regular = _font_path(regular_name)
    if bold:
        try:
            return ImageFont.truetype(str(_font_path(bold_name)), size)
        except FileNotFoundError:
            pass
    return ImageFont.truetype(str(regular), size)


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _canvas(title: str, subtitle: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 12), fill=NAVY)
    draw.text((70, 48), title, font=_font(44, bold=True), fill=INK)
    draw.text((70, 112), subtitle, font=_font(28), fill=MUTED)
    return image, draw


def _y_axis(
    image: Image.Image, draw: ImageDraw.ImageDraw, vmax: float, step: float, decimals: int, label: str
) -> None:
    left, top, right, bottom = PLOT
    tick_font = _font(26)
    value = 0.0
    while value <= vmax + 1e-9:
        y = bottom - (value / vmax) * (bottom - top)
        draw.line((left, y, right, y), fill=GRID if value else INK, width=2 if value else 3)
        text = _fmt(value, decimals)
        w = draw.textlength(text, font=tick_font)
        draw.text((left - 18 - w, y - 17), text, font=tick_font, fill=MUTED)
        value += step
    # Axis title, rotated, left of the tick labels.
    axis_font = _font(26)
    w = int(draw.textlength(label, font=axis_font)) + 8
    tmp = Image.new("RGBA", (w, 40), (255, 255, 255, 0))
    ImageDraw.Draw(tmp).text((4, 0), label, font=axis_font, fill=MUTED)
    rotated = tmp.rotate(90, expand=True)
    image.paste(rotated, (40, int((top + bottom) / 2 - rotated.height / 2)), rotated)


def _legend(draw: ImageDraw.ImageDraw, items: list[tuple[str, tuple[int, int, int]]], y: int) -> None:
    font = _font(26)
    x = PLOT[0]
    for text, colour in items:
        draw.rectangle((x, y + 6, x + 28, y + 34), fill=colour)
        draw.text((x + 40, y + 1), text, font=font, fill=INK)
        x += 40 + int(draw.textlength(text, font=font)) + 60


def _save(image: Image.Image, name: str) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / name
    # Adaptive palette keeps the files small; no metadata chunks are written.
    quantised = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    quantised.save(path, format="PNG", optimize=True)
    return path


STORAGE_TEXT = {
    "en": {
        "title": "Battery storage: contracted vs. operational capacity",
        "subtitle": "Cumulative capacity at year end, gigawatts (GW). *2026 operational figure is expected.",
        "axis": "Capacity (GW)",
        "contracted": "Contracted (cumulative)",
        "operational": "Operational",
        "note": "Source: MIPS calculation, sample data",
        "name": "storage-capacity.png",
    },
    "ko": {
        "title": "배터리 저장설비: 계약 용량과 가동 용량",
        "subtitle": "연말 기준 누적 용량, 기가와트(GW). *2026년 가동 용량은 예상치.",
        "axis": "용량(GW)",
        "contracted": "계약 용량(누적)",
        "operational": "가동 용량",
        "note": "자료: 메리디안정책연구원 추계, 예시 자료",
        "name": "storage-capacity-ko.png",
    },
}


def storage_capacity(language: str = "en") -> Path:
    LANGUAGE[0] = language
    words = STORAGE_TEXT[language]
    image, draw = _canvas(words["title"], words["subtitle"])
    vmax, step = 5.0, 1.0
    _y_axis(image, draw, vmax, step, 0, words["axis"])
    left, top, right, bottom = PLOT
    n = len(STORAGE_YEARS)
    slot = (right - left) / n
    bar_w = slot * 0.32
    value_font = _font(26, bold=True)
    label_font = _font(28)
    for i, year in enumerate(STORAGE_YEARS):
        centre = left + slot * (i + 0.5)
        for offset, value, colour in (
            (-bar_w / 2 - 4, STORAGE_CONTRACTED_GW[i], NAVY),
            (bar_w / 2 + 4, STORAGE_OPERATIONAL_GW[i], TEAL),
        ):
            x0 = centre + offset - bar_w / 2
            x1 = centre + offset + bar_w / 2
            y0 = bottom - (value / vmax) * (bottom - top)
            draw.rectangle((x0, y0, x1, bottom - 2), fill=colour)
            text = _fmt(value, 1)
            w = draw.textlength(text, font=value_font)
            draw.text(((x0 + x1) / 2 - w / 2, y0 - 38), text, font=value_font, fill=colour)
        w = draw.textlength(year, font=label_font)
        draw.text((centre - w / 2, bottom + 14), year, font=label_font, fill=INK)
    _legend(draw, [(words["contracted"], NAVY), (words["operational"], TEAL)], 830)
    note = words["note"]
    nf = _font(22)
    draw.text((right - draw.textlength(note, font=nf), 836), note, font=nf, fill=MUTED)
    path = _save(image, words["name"])
    LANGUAGE[0] = "en"
    return path


def dependency_ratio() -> Path:
    image, draw = _canvas(
        "Old-age dependency ratio, 2000–2050",
        "Persons aged 65 and over per 100 persons aged 15–64. Values from 2030 are projections.",
    )
    vmax, step = 70.0, 10.0
    _y_axis(image, draw, vmax, step, 0, "Per 100 working-age persons")
    left, top, right, bottom = PLOT
    n = len(DEPENDENCY_YEARS)
    slot = (right - left) / n
    bar_w = slot * 0.58
    value_font = _font(26, bold=True)
    label_font = _font(28)
    for i, year in enumerate(DEPENDENCY_YEARS):
        value = DEPENDENCY_RATIO[i]
        colour = NAVY if i < DEPENDENCY_FIRST_PROJECTED else TEAL
        centre = left + slot * (i + 0.5)
        x0, x1 = centre - bar_w / 2, centre + bar_w / 2
        y0 = bottom - (value / vmax) * (bottom - top)
        draw.rectangle((x0, y0, x1, bottom - 2), fill=colour)
        text = str(value)
        w = draw.textlength(text, font=value_font)
        draw.text((centre - w / 2, y0 - 38), text, font=value_font, fill=colour)
        w = draw.textlength(year, font=label_font)
        draw.text((centre - w / 2, bottom + 14), year, font=label_font, fill=INK)
    # Dashed divider between observed and projected values.
    x_div = left + slot * DEPENDENCY_FIRST_PROJECTED
    for y in range(top - 10, bottom, 18):
        draw.line((x_div, y, x_div, min(y + 9, bottom)), fill=MUTED, width=2)
    _legend(draw, [("Observed", NAVY), ("Projected (medium variant)", TEAL)], 830)
    note = "Source: national statistics office, sample data"
    nf = _font(22)
    draw.text((right - draw.textlength(note, font=nf), 836), note, font=nf, fill=MUTED)
    return _save(image, "dependency-ratio.png")


def main() -> None:
    for path in (storage_capacity(), storage_capacity("ko"), dependency_ratio()):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
