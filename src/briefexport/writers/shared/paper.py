"""The paper a brand prints on (`defaults: briefexport: paper:` in brand.yml), with the page
margins and masthead geometry designed for it. Used by the screen PDF and the print edition.

`a4` (the default) and `letter` have margins of their own: a Letter page is 6 mm wider and 18 mm
shorter than A4, so it gets slightly wider side margins (the same line length, about 168 mm) and
a shallower top and bottom, not A4's margins on a different sheet. Any other size
(`paper: 6in 9in`, `170mm 240mm`) scales A4's geometry to fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefexport.errors import ContentError, Diagnostic

MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6}
SMALLEST, LARGEST = 90.0, 600.0  # mm: a postcard-sized brief is already odd


def mm(value: float) -> str:
    """A CSS length in millimetres, written as briefly as the value allows ("22mm", "15.5mm")."""
    return f"{round(value, 2):g}mm"


@dataclass(frozen=True)
class Paper:
    name: str  # "a4", "letter" or "custom"
    size: str  # the CSS `size` value
    width: float  # millimetres
    height: float
    top: float  # page margins
    right: float
    bottom: float
    left: float
    masthead_top: float  # the masthead band's height above its text line
    draft_top: float  # where the diagonal DRAFT mark starts

    @property
    def margin(self) -> str:
        return " ".join(mm(v) for v in (self.top, self.right, self.bottom, self.left))

    @property
    def margins(self) -> dict[str, str]:
        return {
            "top": mm(self.top),
            "right": mm(self.right),
            "bottom": mm(self.bottom),
            "left": mm(self.left),
        }


A4 = Paper("a4", "A4", 210.0, 297.0, 22.0, 20.0, 24.0, 22.0, 13.0, 100.0)
LETTER = Paper("letter", "letter", 215.9, 279.4, 19.0, 22.0, 21.0, 24.0, 11.0, 92.0)
NAMED = {"a4": A4, "letter": LETTER}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt|pc)\s*$")


def parse_length(text: str) -> float | None:
    """`3mm`, `0.125in`, `9pt` -> millimetres; None when it is not such a length."""
    match = _LENGTH.match(str(text))
    return float(match.group(1)) * MM_PER_UNIT[match.group(2)] if match else None


def custom(width: float, height: float) -> Paper:
    """A4's geometry scaled to another sheet (never below 60 % of it: text keeps its size)."""
    scale = max(0.6, min(1.2, width / A4.width, height / A4.height))
    top, right, bottom, left, masthead_top = (
        round(v * scale, 1) for v in (A4.top, A4.right, A4.bottom, A4.left, A4.masthead_top)
    )
    return Paper(
        "custom",
        f"{mm(width)} {mm(height)}",
        width,
        height,
        top,
        right,
        bottom,
        left,
        masthead_top,
        round(height * A4.draft_top / A4.height, 1),
    )


def paper_from(value, where: tuple[str, int]) -> Paper:
    """The brand's `paper:` value -> a Paper; a located error when it is not a4, letter or `<w> <h>`."""
    if value is None:
        return A4
    text = str(value).strip().lower()
    if text in NAMED:
        return NAMED[text]
    parts = text.split()
    sizes = [size for part in parts if (size := parse_length(part)) is not None]
    if len(parts) == 2 and len(sizes) == 2:
        width, height = sizes
        if all(SMALLEST <= side <= LARGEST for side in sizes):
            return custom(width, height)
        problem = f"paper `{value}`: each side must be between {SMALLEST:g} and {LARGEST:g} mm"
    else:
        problem = f"paper `{value}`: use a4, letter or a width and height such as `6in 9in` or `170mm 240mm`"
    raise ContentError(Diagnostic(where[0], where[1], 1 if where[1] else 0, problem))
