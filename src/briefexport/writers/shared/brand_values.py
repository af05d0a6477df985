"""The brand's values, validated once, where brand.yml is read (`Layout.brand`: every writer and
`check` go through it), with every mistake located at `layouts/brand.yml:LINE:COL`.

What brand.yml says ends up in CSS (PDF, EPUB, site), HTML, WordprocessingML and PDF metadata, so
each value is checked for what it is, not just for its type, and nothing in brand.yml can add a
CSS rule, a URL or markup:

- colours: any CSS colour (CSS Color 4, read by tinycss2 as WeasyPrint reads it), converted to
  the `#RRGGBB` every writer can use (an `oklch()`, `lab()` or `color(display-p3 ...)` is mapped
  into sRGB by coloraide); translucent colours and `currentcolor` are refused;
- font families: names (letters, digits, spaces and `-_.&+'`), never CSS;
- the base size a CSS length between 6 and 24 pt, the line height a number between 0.8 and 3;
- the home page an http(s) address; names and texts of a sensible length;
- `defaults: briefexport:` (our part): only the keys below (an unknown one is an error with a
  "did you mean"), each of its type; the copyright line a template with `{year}` and
  `{institute}` only (no positional fields, no format specs such as `{year:>300000000}`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from string import Formatter
from typing import Any

from briefexport.content.locale import NUMBERING_SYSTEMS
from briefexport.content.yaml_source import Source
from briefexport.errors import ContentError, Diagnostic, did_you_mean
from briefexport.writers.shared.names import check_names
from briefexport.writers.shared.paper import paper_from

# defaults: briefexport: -- the keys briefexport reads, and what each holds
KEYS = {
    "fonts": "per-language families, e.g. `ko: {base: Nanum Myeongjo, headings: Nanum Gothic}`",
    "address": "the institute's address, printed in the colophon",
    "regions": "the region of each language for dates and Word's proofing, e.g. `{en: GB}`",
    "digits": "the digits of generated numbers per language, e.g. `{ar: arab}` (arab, arabext or latn)",
    "copyright": "the copyright line, with {year} and {institute}",
    "paper": "a4, letter or a width and height",
    "print": "the print edition's settings",
    "series": "the series name printed in every brief's masthead",
    "site": "the readers' library: `url:`, the address it is published at",
    "names": "names per language, e.g. `ko: {series: 정책브리프, institute: 재정정책연구원}`",
}
COPYRIGHT_FIELDS = ("year", "institute")
COLOUR_ROLES = ("primary", "secondary", "foreground", "background")
MAX_TEXT = 300  # characters of a name, address, series or copyright line
MAX_FAMILY = 100

_FAMILY = re.compile(r"[^\W_][\w .&+'-]*", re.UNICODE)
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_SIZE = re.compile(r"(\d+(?:\.\d+)?)(pt|px|mm|cm|in|pc|em|rem)")
_PT_PER_UNIT = {
    "pt": 1,
    "px": 0.75,
    "mm": 72 / 25.4,
    "cm": 720 / 25.4,
    "in": 72,
    "pc": 12,
    "em": 12,
    "rem": 12,
}
_URL = re.compile(r"https?://[^\s\"'<>\\`{}|^]+", re.IGNORECASE)
_REGION = re.compile(r"[A-Za-z]{2}|\d{3}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def css_colour(value: Any) -> tuple[str | None, str | None]:
    """(`#RRGGBB`, None) for a CSS colour every writer can use, else (None, why not)."""
    import tinycss2.color4

    text = str(value).strip() if isinstance(value, str) else ""
    if _HEX.fullmatch(text):
        return text.upper(), None
    colour = tinycss2.color4.parse_color(text) if text else None
    if colour is None or colour == "currentcolor":
        return None, "not a CSS colour (such as `#1B3A5C`, `rgb(27 58 92)` or `oklch(0.45 0.1 250)`)"
    if colour.alpha < 1:
        return None, "a brand colour must be opaque (no alpha): print and Word have no transparency"
    if colour.space in ("srgb", "hsl", "hwb"):
        red, green, blue = (min(1.0, max(0.0, c)) for c in colour.to("srgb").coordinates)
    else:
        # tinycss2 reads every CSS Color 4 space but converts only between a few: coloraide maps
        # the rest (oklch, lab, display-p3...) into sRGB, out-of-gamut colours fitted as CSS says.
        from coloraide import Color

        try:
            red, green, blue = Color(text).convert("srgb").fit("srgb")[:3]
        except (ValueError, TypeError):
            return None, "a colour space that cannot be converted to sRGB"
    return "#" + "".join(f"{round(c * 255):02X}" for c in (red, green, blue)), None


def family_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not _FAMILY.fullmatch(value.strip()) or len(value) > MAX_FAMILY:
        return (
            "a font family is a name (letters, digits, spaces and - _ . & + '), such as `Noto Serif`"
            f", at most {MAX_FAMILY} characters"
        )
    return None


def site_url_problem(value: Any) -> str | None:
    """Why a value cannot be the library's address (an absolute http(s) URL of a host), or None."""
    from urllib.parse import urlsplit

    if not isinstance(value, str) or not value.strip():
        return "the address the library is published at, such as https://example.org/publications/"
    url = value.strip()
    if any(ch.isspace() or ch in "\"'<>\\" for ch in url):
        return f"`{url[:80]}`: spaces, quotes and `<>\\` are not allowed in a URL"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"`{url[:80]}`: an absolute http:// or https:// URL, such as https://example.org/publications/"
    if parts.query or parts.fragment or parts.username or parts.password:
        return f"`{url[:80]}`: the library's address takes no query, fragment or user name"
    return None


def site_url(value: str) -> str:
    """A valid address (site_url_problem) with its scheme and host in lowercase and one trailing slash."""
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}/"


def copyright_problem(value: Any) -> str | None:
    """Why a copyright template cannot be used, or None."""
    if not isinstance(value, str):
        return "the copyright line is text, e.g. `© {year} {institute}. All rights reserved.`"
    try:
        parts = list(Formatter().parse(value))
    except ValueError as exc:
        return f"{exc} (write a brace that is text as `{{{{` or `}}}}`)"
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in COPYRIGHT_FIELDS:
            return f"`{{{field}}}` is not a field of the copyright line: use {{year}} and {{institute}}"
        if spec or conversion:
            written = field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"`{{{written[:40]}}}`: a field takes no format or conversion, only `{{{field}}}`"
    return None


class _Checker:
    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Diagnostic] = []

    def error(self, loc: tuple, message: str, hint: str | None = None, key_of: bool = False) -> None:
        self.problems.append(self.source.diagnostic_at(loc, f"brand.yml: {message}", hint, key_of))

    def text(self, loc: tuple, value: Any, what: str, limit: int = MAX_TEXT) -> str:
        if not isinstance(value, str):
            self.error(loc, f"{what} is text")
            return ""
        value = " ".join(value.split())
        if len(value) > limit:
            self.error(loc, f"{what} is {len(value)} characters long, over the limit of {limit}")
        return value


def _colour_loc(data: Any, role: str) -> tuple:
    """Where a colour role is written: the palette entry it names, else the role itself."""
    colours = data.get("color") if isinstance(data, dict) else None
    named = colours.get(role) if isinstance(colours, dict) else None
    palette = colours.get("palette") if isinstance(colours, dict) else None
    if isinstance(named, str) and isinstance(palette, dict) and named in palette:
        return ("color", "palette", named)
    return ("color", role)


def validate(fields: dict, source: Source) -> dict:
    """The brand's fields (as brand_plain or brand-yml read them) checked and normalised; a
    ContentError with every problem, located, when any is wrong."""
    check = _Checker(source)
    data = source.data if isinstance(source.data, dict) else {}
    fields = dict(fields)
    for role in COLOUR_ROLES:
        colour, why = css_colour(fields[role])
        if why:
            check.error(_colour_loc(data, role), f"color {role} `{str(fields[role])[:60]}`: {why}")
        else:
            fields[role] = colour
    base, headings = ("typography", "base", "family"), ("typography", "headings", "family")
    for key, loc in (("base_family", base), ("headings_family", headings)):
        why = family_problem(fields[key])
        if why:
            check.error(loc, f"family `{str(fields[key])[:60]}`: {why}")
    for font in fields["fonts"]:
        why = family_problem(font["family"])
        if why:
            check.error(("typography", "fonts"), f"family `{str(font['family'])[:60]}`: {why}")
    _size(check, fields)
    fields["name"] = check.text(("meta", "name"), fields["name"], "the name")
    fields["short_name"] = check.text(("meta", "name"), fields["short_name"], "the short name")
    if fields["url"] and not _URL.fullmatch(str(fields["url"])):
        check.error(("meta", "link", "home"), f"home `{str(fields['url'])[:60]}` is not an http(s) address")
    fields["extra"] = _ours(check, fields["extra"])
    if check.problems:
        raise ContentError(check.problems)
    return fields


def _size(check: _Checker, fields: dict) -> None:
    match = _SIZE.fullmatch(str(fields["base_size"]).strip())
    points = float(match.group(1)) * _PT_PER_UNIT[match.group(2)] if match else None
    if points is None or not 6 <= points <= 24:
        check.error(
            ("typography", "base", "size"),
            f"size `{str(fields['base_size'])[:40]}` should be a length between 6pt and 24pt, e.g. `10.5pt`",
        )
    height = fields["line_height"]
    if not isinstance(height, int | float) or not 0.8 <= height <= 3:
        check.error(
            ("typography", "base", "line-height"),
            f"line-height `{str(height)[:40]}` should be a number between 0.8 and 3, e.g. 1.45",
        )


def _ours(check: _Checker, extra: Any) -> dict:
    """`defaults: briefexport:`, checked key by key."""
    here = ("defaults", "briefexport")
    if extra is None:
        return {}
    if not isinstance(extra, dict):
        check.error(here, "`briefexport:` under `defaults:` is a mapping of settings")
        return {}
    for key in extra:
        if key not in KEYS:
            check.error(
                (*here, key),
                f"unknown key `{key}` in `defaults: briefexport:`",
                did_you_mean(str(key), KEYS) or f"the keys are {', '.join(KEYS)}",
                key_of=True,
            )
    for key in ("address", "series"):
        if extra.get(key) is not None:
            check.text((*here, key), extra[key], f"`{key}`")
    if extra.get("copyright") is not None:
        why = copyright_problem(extra["copyright"])
        if why:
            check.error((*here, "copyright"), f"copyright: {why}")
    fonts = extra.get("fonts")
    for language, roles in (fonts or {}).items() if isinstance(fonts, dict) else []:
        if not isinstance(roles, dict) or not set(roles) <= {"base", "headings"}:
            check.error((*here, "fonts", language), "fonts: give `base:` and `headings:` families")
            continue
        for role, family in roles.items():
            why = family_problem(family)
            if why:
                check.error((*here, "fonts", language, role), f"fonts: `{str(family)[:60]}`: {why}")
    if fonts is not None and not isinstance(fonts, dict):
        check.error((*here, "fonts"), "fonts: a mapping of languages to families")
    regions = extra.get("regions")
    if regions is not None and not (
        isinstance(regions, dict)
        and all(isinstance(k, str) and _LANGUAGE.fullmatch(k) for k in regions)
        and all(isinstance(v, str) and _REGION.fullmatch(v) for v in regions.values())
    ):
        check.error((*here, "regions"), "regions: languages mapped to regions, e.g. `{en: GB, ko: KR}`")
    digits = extra.get("digits")
    if digits is not None and not (
        isinstance(digits, dict)
        and all(isinstance(k, str) and _LANGUAGE.fullmatch(k) for k in digits)
        and all(value in NUMBERING_SYSTEMS for value in digits.values())
    ):
        check.error(
            (*here, "digits"),
            f"digits: languages mapped to {', '.join(NUMBERING_SYSTEMS)}, e.g. `{{ar: arab}}`",
        )
    if "paper" in extra:
        try:
            paper_from(extra["paper"], ("", 0))
        except ContentError as exc:
            check.error((*here, "paper"), exc.diagnostics[0].message)
    site = extra.get("site")
    if site is not None and (not isinstance(site, dict) or not set(site) <= {"url"}):
        check.error((*here, "site"), "site: a mapping with `url:`, the address the library is published at")
    elif site is not None and site.get("url") is not None:
        why = site_url_problem(site["url"])
        if why:
            check.error((*here, "site", "url"), f"site: url: {why}")
    if extra.get("print") not in (None, True, False) and not isinstance(extra.get("print"), dict):
        check.error((*here, "print"), "print: true, false or a mapping of print settings")
    for problem in check_names(check.source, (*here, "names"), MAX_TEXT):
        check.problems.append(replace(problem, message=f"brand.yml: {problem.message}"))
    return {"address": "", **_plain(extra)}  # layouts test `brand_extra.address`: always there


def _plain(value: Any) -> Any:
    """brand-yml's YAML mappings (ruamel's CommentedMap) as plain dicts and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
