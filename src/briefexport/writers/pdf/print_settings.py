"""The print edition's settings, from `defaults: briefexport: print:` in brand.yml.

    print:                       # or `print: true` for all the defaults below
      bleed: 3mm                 # beyond the trim on every side
      marks: crop cross          # crop, cross, crop cross or none
      profile: print/press.icc   # the printer's CMYK output profile, in layouts/ or layouts/print/
      condition: FOGRA51         # its output condition identifier (required with `profile`)
      info: PSO Coated v3        # what a person reads for it (default: the profile's description)
      registry: http://www.color.org
      colors:                    # brand colours as CMYK percentages, used as they are in print
        primary: [100, 72, 18, 32]

Without `profile` the edition uses the packaged FOGRA39 profile (defaults/layouts/print/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import ImageCms

from briefexport.errors import ContentError, Diagnostic, did_you_mean
from briefexport.project import DEFAULTS_DIR
from briefexport.safety.files import Refused, check_file
from briefexport.writers.shared.layout import Layout
from briefexport.writers.shared.paper import mm, parse_length

DEFAULT_PROFILE = DEFAULTS_DIR / "layouts" / "print" / "FOGRA39L_coated.icc"
DEFAULT_CONDITION = "FOGRA39"
DEFAULT_INFO = "Coated FOGRA39 (ISO 12647-2:2004)"
ICC_REGISTRY = "http://www.color.org"
DEFAULT_BLEED = 3.0  # mm
MARK_GAP = 2.0  # mm between the bleed and the marks, which lie wholly outside it
MARKS = {"crop", "cross"}
ROLES = {"primary": "primary", "secondary": "secondary", "foreground": "ink"}  # brand role -> CSS variable
KEYS = ("bleed", "marks", "profile", "condition", "info", "registry", "colors")


@dataclass(frozen=True)
class PrintSettings:
    bleed: float  # mm beyond the trim edge
    marks: str  # the CSS `marks` value
    profile: Path  # the output intent's ICC profile (CMYK, output class)
    condition: str  # OutputConditionIdentifier
    info: str
    registry: str
    colors: dict[str, str] = field(default_factory=dict)  # CSS variable -> device-cmyk() colour

    @property
    def sheet_margin(self) -> float:
        """mm from the trim edge to the sheet's (MediaBox) edge. WeasyPrint draws its marks in the
        outer half of its CSS bleed: twice the bleed plus a gap puts them wholly outside ours."""
        return 2 * (self.bleed + MARK_GAP) if self.marks != "none" else self.bleed

    def css(self) -> dict:
        return {
            "bleed": mm(self.bleed),
            "sheet": mm(self.sheet_margin),
            "marks": self.marks,
            "colors": self.colors,
        }


def print_block(layout: Layout) -> dict:
    """The brand's `print:` mapping ({} for `print: true`, absent or off)."""
    value = layout.brand.extra.get("print")
    return value if isinstance(value, dict) else {}


def settings(layout: Layout) -> PrintSettings:
    """The print settings, checked: every mistake in them is reported at once, located in brand.yml."""
    block = print_block(layout)
    problems: list[Diagnostic] = []

    def problem(key: str, message: str, hint: str | None = None, under: tuple[str, ...] = ()) -> None:
        shown, line = layout.brand_where("defaults", "briefexport", "print", *under, key)
        problems.append(Diagnostic(shown, line, 1 if line else 0, f"print: {message}", hint))

    for key in block:
        if key not in KEYS:
            problem(str(key), f"unknown key `{key}`", did_you_mean(str(key), KEYS))
    bleed = parse_length(block.get("bleed", f"{DEFAULT_BLEED}mm"))
    if bleed is None or bleed > 25:
        problem(
            "bleed", f"bleed `{block.get('bleed')}` should be a length such as 3mm or 0.125in (at most 25mm)"
        )
        bleed = DEFAULT_BLEED
    marks = " ".join(str(block.get("marks", "crop cross")).split()).lower()
    if marks != "none" and not set(marks.split()) <= MARKS:
        problem("marks", f"marks `{block.get('marks')}` should be crop, cross, `crop cross` or none")
        marks = "crop cross"
    profile, condition = DEFAULT_PROFILE, DEFAULT_CONDITION
    info = DEFAULT_INFO
    if block.get("profile"):
        profile = _profile(layout, str(block["profile"]), problem)
        condition = str(block.get("condition") or "")
        if not condition:
            problem(
                "profile",
                "name the profile's output condition as `condition:` (e.g. FOGRA51 or CGATS21-2-CRPC6)",
            )
        info = str(block.get("info") or _description(profile) or condition)
    elif block.get("condition"):
        problem("condition", "`condition` describes a `profile`; name the printer's profile too")
    colors = {}
    for role, value in (block.get("colors") or {}).items():
        cmyk = _cmyk(value)
        if role not in ROLES:
            problem(
                str(role),
                f"colors: `{role}` is not a brand colour role",
                did_you_mean(str(role), ROLES),
                under=("colors",),
            )
        elif cmyk is None:
            problem(
                str(role),
                f"colors: {role} `{value}` should be four percentages, C M Y K, e.g. [100, 72, 18, 32]",
                under=("colors",),
            )
        else:
            colors[ROLES[role]] = "device-cmyk({})".format(" ".join(f"{v / 100:g}" for v in cmyk))
    if problems:
        raise ContentError(problems)
    return PrintSettings(
        bleed,
        marks,
        profile,
        condition,
        str(block.get("info") or info),
        str(block.get("registry") or ICC_REGISTRY),
        colors,
    )


def _profile(layout: Layout, name: str, problem) -> Path:
    """The printer's profile: a CMYK output profile in layouts/ or layouts/print/ (the folders the
    print edition's outputs are keyed on), through the sandbox."""
    brand_dir = layout.find("brand.yml").parent
    try:
        path = check_file(brand_dir / name, layout.project)
    except Refused as exc:
        problem("profile", f"profile `{name}`: {exc}")
        return DEFAULT_PROFILE
    if path.parent not in {d.resolve() for d in layout.dirs} | {(d / "print").resolve() for d in layout.dirs}:
        problem("profile", f"profile `{name}`: put the printer's profile in layouts/print/ (or layouts/)")
        return DEFAULT_PROFILE
    try:
        header = ImageCms.getOpenProfile(str(path)).profile
    except (OSError, ImageCms.PyCMSError) as exc:
        problem("profile", f"profile `{name}` is not an ICC profile ({exc})")
        return DEFAULT_PROFILE
    if header.xcolor_space.strip() != "CMYK" or header.device_class != "prtr":
        problem(
            "profile",
            f"profile `{name}` is a {header.xcolor_space.strip()} profile of class "
            f"`{header.device_class}`; PDF/X-4 here needs the printer's CMYK output (prtr) profile",
        )
        return DEFAULT_PROFILE
    return path


def _description(path: Path) -> str:
    return (ImageCms.getOpenProfile(str(path)).profile.profile_description or "").strip()


def _cmyk(value) -> tuple[float, ...] | None:
    parts = value.split() if isinstance(value, str) else value
    try:
        numbers = tuple(float(str(v).rstrip("%")) for v in parts)
    except (TypeError, ValueError):
        return None
    return numbers if len(numbers) == 4 and all(0 <= v <= 100 for v in numbers) else None
