"""What a language prints besides its labels: dates, digits, the names of languages and the
direction of its script, from CLDR through Babel; never hand-written month lists.

A brief's `language` is a BCP 47 tag (`fr`, `en-GB`, `zh-Hans`, `ar-EG`). A bare tag takes the
brand's region for that language when it gives one (`defaults: briefexport: regions: {ar: EG}`),
and English without a region prints dates as CLDR's international English does ("15 January
2026", as briefexport always has); `en-US` writes "January 15, 2026".

Digits: CLDR gives each locale a default numbering system (Latin digits for `ar`, Arabic-Indic
for `ar-EG` and `ar-SA`); the brand chooses otherwise with `defaults: briefexport: digits: {ar:
arab}` (or `latn`). Dates, page and note numbers, and numbered lists and captions print in them;
the text of a brief keeps the digits its author typed.

Babel is imported on first use: `--help` and reading a brief never pay for it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# The first digit of each numbering system a brand may choose (CLDR's numberingSystems.xml names
# them; the ten digits are consecutive code points). Babel formats numbers with a locale's symbols
# but always with Latin digits, so the digits themselves are mapped here.
NUMBERING_SYSTEMS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0"}
# The CSS counter style (list-style-type) that counts in each numbering system.
COUNTER_STYLES = {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian"}


def base_language(language: str) -> str:
    """The language subtag, lower case: `zh` for `zh-Hans-CN`."""
    return language.split("-")[0].lower()


def _tag(language: str, regions: dict | None) -> str:
    """The tag with the brand's region for its language when it names none (`en` + GB: `en-GB`)."""
    parts = language.split("-")
    has_region = any(len(p) == 2 and p.isalpha() or p.isdigit() for p in parts[1:])
    region = (regions or {}).get(base_language(language))
    if not has_region and region:
        return f"{language}-{region}"
    if not has_region and base_language(language) == "en":
        return f"{language}-001"  # international English: day month year
    return language


@lru_cache(maxsize=128)
def babel_locale(language: str, regions: tuple = ()) -> Locale:
    """The CLDR locale for `language` (a BCP 47 tag), English when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    tag = _tag(language, dict(regions))
    for candidate in (tag, language, base_language(language)):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def _frozen(mapping: dict | None) -> tuple:
    return tuple(sorted((str(k), str(v)) for k, v in (mapping or {}).items()))


def numbering_system(language: str, settings: dict | None = None) -> str:
    """The digits `language` prints in: the brand's choice (`digits:`), else CLDR's default."""
    settings = settings or {}
    chosen = (settings.get("digits") or {}).get(base_language(language))
    if chosen in NUMBERING_SYSTEMS:
        return chosen
    system = babel_locale(language, _frozen(settings.get("regions"))).default_numbering_system
    return system if system in NUMBERING_SYSTEMS else "latn"


def localize_digits(text: str, system: str) -> str:
    """`text` with its ASCII digits in `system`'s digits."""
    zero = NUMBERING_SYSTEMS.get(system, "0")
    if zero == "0":
        return text
    return text.translate({ord("0") + n: ord(zero) + n for n in range(10)})


def number(value: int | str, language: str, settings: dict | None = None) -> str:
    """A generated number (a page, a note, a figure) in the language's digits."""
    return localize_digits(str(value), numbering_system(language, settings))


def counter_style(language: str, settings: dict | None = None) -> str:
    """The CSS counter style that counts in the language's digits (`decimal` for Latin ones)."""
    return COUNTER_STYLES[numbering_system(language, settings)]


def format_date(date: dt.date, language: str, settings: dict | None = None) -> str:
    """The date as CLDR's long format writes it in `language`: 15 January 2026, January 15, 2026
    (en-US), 15 janvier 2026, 15. Januar 2026, 2026年1月15日, 2026년 1월 15일, ١٥ يناير ٢٠٢٦."""
    from babel.dates import format_date as babel_format_date

    settings = settings or {}
    locale = babel_locale(language, _frozen(settings.get("regions")))
    return localize_digits(
        babel_format_date(date, "long", locale=locale), numbering_system(language, settings)
    )


@lru_cache(maxsize=256)
def language_name(language: str, in_language: str) -> str:
    """The name of `language` in `in_language`, as CLDR writes it (Korean, 영어, français, 日语),
    a sentence's first letter aside: "Also available in French", "Disponible aussi en anglais"."""
    from babel import Locale

    named = babel_locale(language)
    if named.language != base_language(language):  # CLDR does not know it: shown as written
        return language
    without_region = Locale(named.language, script=named.script)  # "English", not "English (UK)"
    return without_region.get_display_name(babel_locale(in_language)) or language


@lru_cache(maxsize=128)
def direction(language: str) -> str:
    """`rtl` for a language written right to left (Arabic, Hebrew, Persian, Urdu...), else `ltr`."""
    return "rtl" if babel_locale(language).character_order == "right-to-left" else "ltr"


def is_rtl(language: str) -> bool:
    return direction(language) == "rtl"


LRM = "\u200e"  # LEFT-TO-RIGHT MARK: invisible, strong left-to-right


def text_direction(text: str) -> str | None:
    """The direction of the first strong character of `text` (what HTML's dir="auto" decides by),
    None when it has none (digits and punctuation only)."""
    import unicodedata

    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def left_to_right(text: str, page_direction: str) -> str:
    """`text` kept in its own order on a right-to-left page: an identifier such as 2026-01(A)
    between left-to-right marks, which the bidirectional algorithm would otherwise reorder to
    01-2026(A) after Arabic letters (its rule W2 makes such digits Arabic numbers). Unchanged on a
    left-to-right page or when the text is right to left."""
    if page_direction != "rtl" or not text or text_direction(text) == "rtl":
        return text
    return f"{LRM}{text}{LRM}"


def dir_attribute(text: str, page_direction: str) -> str:
    """` dir="ltr"` (or rtl) for an element whose text runs against the page (an English name in
    the colophon of an Arabic brief), as HTML's dir="auto" would decide: WeasyPrint has no
    dir="auto", so it is decided here. Empty where the text runs with the page."""
    found = text_direction(text or "")
    return f' dir="{found}"' if found and found != page_direction else ""


def hyphenation_language(language: str) -> str:
    """The `lang` used for hyphenation: en means en-US unless the brief says otherwise."""
    return "en-US" if language.lower() == "en" else language
