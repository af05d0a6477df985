"""brand.yml read without brand-yml, when it is written in the plain forms this project's brands use.

brand-yml (and the pydantic models it builds) costs about 0.3 s of every build into an output
folder without a cached brand (a fresh clone, a CI job), paid before the first page is laid out.
Most brands use a small, plain part of the format: a name, a home page, a logo by name or path,
hex colours or palette names, local font files, base and headings families. This reads exactly
that part and gives the same fields brand-yml's reading gives (tested on the repo's brands and on
variants); anything else, including every mistake, is declined (None) and left to brand-yml, which
validates the whole format and says what is wrong.
"""

from __future__ import annotations

import re
from typing import Any

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_HOME = re.compile(r"https://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?:/[A-Za-z0-9._~/-]*)?")
_WEIGHTS = set(range(100, 1000, 100))
_COLOURS = {"primary", "secondary", "foreground", "background"}


class _Declined(Exception):
    """Not the plain form: brand-yml reads it."""


def _mapping(value: Any, allowed: set[str]) -> dict:
    if not isinstance(value, dict) or not set(value) <= allowed or not all(isinstance(k, str) for k in value):
        raise _Declined
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Declined
    return value


def _name(meta: dict) -> tuple[str | None, str | None]:
    name = meta.get("name")
    if name is None:
        return None, None
    if isinstance(name, str):
        return _text(name), None
    name = _mapping(name, {"full", "short"})
    return _text(name.get("full")), (_text(name["short"]) if "short" in name else None)


def _home(meta: dict) -> str:
    link = meta.get("link")
    if link is None:
        return ""
    home = _mapping(link, {"home"}).get("home")
    if home is None:
        return ""
    if not isinstance(home, str) or not _HOME.fullmatch(home):
        raise _Declined  # brand-yml normalises URLs; only an already normal one is read here
    return home.rstrip("/")


def _colours(color: dict) -> dict[str, str]:
    palette = _mapping(color.get("palette", {}), set(color.get("palette", {})))
    if not all(isinstance(v, str) and _HEX.fullmatch(v) for v in palette.values()):
        raise _Declined
    found = {}
    for name in _COLOURS & set(color):
        value = color[name]
        value = palette.get(value, value) if isinstance(value, str) else value
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            raise _Declined
        found[name] = value
    return found


def _logo_path(logo: dict) -> str | None:
    images = _mapping(logo.get("images", {}), set(logo.get("images", {})))
    if not all(isinstance(v, str) for v in images.values()):
        raise _Declined
    chosen = logo.get("small") or logo.get("medium")
    if chosen is None:
        return None
    return images.get(_text(chosen), chosen)


def _font_files(fonts: Any) -> list[tuple[str, str, int, str]]:
    if not isinstance(fonts, list):
        raise _Declined
    files = []
    for font in fonts:
        font = _mapping(font, {"family", "source", "files"})
        if font.get("source", "file") != "file" or not isinstance(font.get("files"), list):
            raise _Declined
        for entry in font["files"]:
            entry = _mapping(entry, {"path", "weight", "style"})
            weight, style = entry.get("weight", 400), entry.get("style", "normal")
            if type(weight) is not int or weight not in _WEIGHTS or style not in ("normal", "italic"):
                raise _Declined
            files.append((_text(font.get("family")), _text(entry.get("path")), weight, style))
    return files


def _text_style(value: Any, allowed: set[str]) -> dict:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"family": _text(value)}
    return _mapping(value, allowed)


def read_plain(data: Any) -> dict | None:
    """The brand's fields as `layout._read_brand` makes them, with `logo` and the fonts' paths as
    written (the caller resolves them), or None when brand-yml has to read it."""
    try:
        data = _mapping(data, {"meta", "logo", "color", "typography", "defaults"})
        meta = _mapping(data.get("meta", {}), {"name", "link"})
        full, short = _name(meta)
        colours = _colours(_mapping(data.get("color", {}), {"palette"} | _COLOURS))
        logo = _logo_path(_mapping(data.get("logo", {}), {"images", "small", "medium"}))
        typography = _mapping(data.get("typography", {}), {"fonts", "base", "headings"})
        fonts = _font_files(typography.get("fonts", []))
        base = _text_style(typography.get("base"), {"family", "size", "line-height"})
        headings = _text_style(typography.get("headings"), {"family", "weight"})
        size, line_height = base.get("size"), base.get("line-height")
        if (size is not None and not isinstance(size, str)) or (
            line_height is not None and type(line_height) not in (int, float)
        ):
            raise _Declined
        if headings.get("weight", 400) not in _WEIGHTS:
            raise _Declined
        defaults = data.get("defaults", {})
        extra = _mapping(defaults, set(defaults)).get("briefexport", {}) if defaults is not None else {}
        if not isinstance(extra, dict):
            raise _Declined
        fields = dict(
            name=full or "Policy Institute",
            short_name=short or full or "Policy Institute",
            url=_home(meta),
            primary=colours.get("primary", "#1B3A5C"),
            secondary=colours.get("secondary", "#2A9D8F"),
            foreground=colours.get("foreground", "#1A1A1A"),
            background=colours.get("background", "#FFFFFF"),
            logo=logo,
            base_family=_text(base["family"]) if "family" in base else "Noto Serif",
            headings_family=_text(headings["family"]) if "family" in headings else "Noto Sans",
            base_size=_text(size) if size else "10.5pt",
            line_height=float(line_height) if line_height else 1.45,
            fonts=[
                {"family": family, "path": path, "weight": weight, "style": style}
                for family, path, weight, style in fonts
            ],
            extra=extra,
        )
    except _Declined:
        return None
    return fields
