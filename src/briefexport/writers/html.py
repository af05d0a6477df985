"""The print HTML: the exact document the PDF is printed from (our debugging view)."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from briefexport.content import locale
from briefexport.content.model import Brief
from briefexport.writers import Rendered
from briefexport.writers.shared.body_html import render_body, sibling_links
from briefexport.writers.shared.citations_html import bibliography_html
from briefexport.writers.shared.context import document_context
from briefexport.writers.shared.fonts import named_families
from briefexport.writers.shared.glyphs import require_glyphs
from briefexport.writers.shared.layout import Layout, relative_url


def html_dir(out_root: Path) -> Path:
    return out_root / "html"


# The languages every print stylesheet sets (its Latin and Korean rules): a brief in another
# language, or quoting an original in one, adds that language's rules and fonts (brief_languages).
ALWAYS = ("en", "ko")


def brief_languages(brief: Brief) -> tuple[str, ...]:
    """The brief's language first, then the language of the original it translates (its title is
    printed in the edition note): the languages its stylesheet sets text in."""
    found = [brief.language]
    if brief.meta.translation_of is not None:
        found.append(brief.meta.translation_of.language)
    return tuple(dict.fromkeys(found))


def print_css(
    layout: Layout, base_dir: Path, languages: tuple[str, ...] = ("en",), uses: frozenset[str] = frozenset()
) -> str:
    """The print stylesheet for a brief in `languages[0]` (quoting the others), with font URLs
    relative to `base_dir` (where the HTML lives), and the rules for what the brief `uses` of
    captions, boxes and pull quotes (Brief.uses)."""
    brand = layout.brand
    language = languages[0]
    bases = list(dict.fromkeys([*ALWAYS, *map(locale.base_language, languages)]))
    families = {lang: {role: brand.family_for(lang, role) for role in ("base", "headings")} for lang in bases}
    used = {name for roles in families.values() for css in roles.values() for name in named_families(css)}
    fonts = [
        {"family": f.family, "url": relative_url(f.path, base_dir), "weight": f.weight, "style": f.style}
        for f in brand.fonts
        if f.family in used
    ]
    return layout.render(
        "pdf/brief.css.j2",
        brand=brand,
        fonts=fonts,
        families=families,
        labels=layout.labels(language),
        paper=layout.paper,
        lang=locale.base_language(language),
        quoted=[lang for lang in bases if lang not in ALWAYS and lang != locale.base_language(language)],
        direction=locale.direction(language),
        counter=locale.counter_style(language, brand.extra),
        uses=uses,
    )


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_BETWEEN_HANGUL = re.compile(f"(?<=[{_HANGUL}])(?=[{_HANGUL}])")
_HANGUL_LETTER = re.compile(f"[{_HANGUL}]")
_WORD = re.compile(r"[^\s<>]+")
_HEADING_TAG = re.compile(r"<(/?)h[1-6][\s>]", re.IGNORECASE)
WORD_JOINER = "\u2060"


def _nowrap_if_korean(match: re.Match) -> str:
    word = match.group()
    return f'<span class="kw">{word}</span>' if _HANGUL_LETTER.search(word) else word


def keep_korean_words(body_html: str) -> str:
    """Emulate `word-break: keep-all` (WeasyPrint 70 ignores it; Pango breaks between any two
    Hangul syllables), in text outside tags, in linear time.

    Running text gets a WORD JOINER between neighbouring Hangul letters: invisible, absent from
    the extracted text, and free in layout (no-wrap spans around every word are costly for
    WeasyPrint to lay out). Headings get no-wrap spans instead, because WeasyPrint copies their text,
    joiners included, into the PDF bookmarks."""
    parts = _TAG_OR_TEXT.split(body_html)
    in_heading = False
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            match = _HEADING_TAG.match(part)
            if match:
                in_heading = not match.group(1)
        elif in_heading:
            parts[index] = _WORD.sub(_nowrap_if_korean, part)
        else:
            parts[index] = _BETWEEN_HANGUL.sub(WORD_JOINER, part)
    return "".join(parts)


def render_document(
    brief: Brief, layout: Layout, out_root: Path, inline_css: bool, link_suffix: str = ".html"
) -> str:
    """The print HTML; a link to another brief goes to that brief's output with `link_suffix` beside
    this one (the HTML links to other.html, the PDF printed from it to other.pdf)."""
    base_dir = html_dir(out_root)
    require_glyphs(brief, layout)

    def image_url(path: Path) -> str:
        return relative_url(path, base_dir)

    def number(value: int | str) -> str:
        return layout.number(value, brief.language)

    context = document_context(brief, layout, base_dir)
    context["body"] = render_body(
        brief, "float", image_url, context["labels"], sibling_links(brief, link_suffix), number
    )
    context["bibliography"] = bibliography_html(brief, pdf=True)
    context["css"] = (
        Markup(print_css(layout, base_dir, brief_languages(brief), brief.uses)) if inline_css else ""
    )
    document = layout.render("pdf/brief.html.j2", **context)
    head, body_start, body = document.partition("<body")
    return head + body_start + keep_korean_words(body)


def render(brief: Brief, layout: Layout, out_root: Path) -> Rendered:
    return Rendered(render_document(brief, layout, out_root, inline_css=True).encode("utf-8"))
