"""Smart typography, done once in the reader so every format prints the same text: straight quotes
and apostrophes become the language's own marks, `--` an en dash and `---` an em dash. Code spans,
code blocks, raw HTML and backslash-escaped characters are left as typed.

markdown-it's typographer does the work: its smartquotes rule pairs the quotes and its dash
patterns find the dashes. What is ours, and why:
- the marks per language: markdown-it holds one set per parser, the reader has one parser, so the
  language comes in the parse environment and reaches markdown-it's pairing rule through a view of
  the options (`_Marks`);
- dashes only: markdown-it's `replacements` rule also turns `(c)` into © and `(r)` into ®, and
  briefs label lists "(a), (b) and (c)";
- picture descriptions and titles (captions), which markdown-it's rules skip, and front-matter
  strings, which are plain text rather than Markdown, go through the same two rules (`smarten`).

Korean keeps the quotes its author typed. The Korean rules for punctuation (국립국어원, 한글 맞춤법
부록 「문장 부호」, 2015) use the same “ ” and ‘ ’ as English in horizontal text, so there is no other
pair to substitute; and markdown-it's pairing, made for English, cannot close a quote followed
directly by a particle ('계약 용량'에서): it would leave the opening mark straight and turn the closing
one into an apostrophe. Korean input methods type the curly marks (and 「 」『 』) directly.
"""

from __future__ import annotations

from types import SimpleNamespace

from markdown_it import MarkdownIt
from markdown_it.rules_core.replacements import EM_DASH_RE, EN_DASH_INDENT_RE, EN_DASH_RE
from markdown_it.rules_core.smartquotes import QUOTE_RE, process_inlines
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from briefexport.content.model import Author, BriefMeta

# Primary open/close, then secondary open/close. Languages not listed keep their quotes as typed.
QUOTES: dict[str, str | None] = {
    "en": "“”‘’",
    "de": "„“‚‘",
    "nl": "“”‘’",
    "es": "«»“”",
    "fr": "«»‹›",
    "ko": None,  # see the module docstring
}


def quote_marks(language: str) -> str | None:
    return QUOTES.get(language.split("-")[0].lower())


class _Marks(SimpleNamespace):
    """What markdown-it's pairing rule reads of its state (`state.md.options.quotes`)."""

    def __init__(self, marks: str):
        super().__init__(md=SimpleNamespace(options=SimpleNamespace(quotes=marks)))


def _quotes(inlines: list[Token], language: str) -> None:
    marks = quote_marks(language)
    if marks is None:
        return
    view = _Marks(marks)
    for token in inlines:
        if token.children and QUOTE_RE.search(token.content):
            process_inlines(token.children, view)  # type: ignore[arg-type]  # _Marks stands for StateCore


def _dashes(inlines: list[Token]) -> None:
    """markdown-it's own en/em dash patterns, outside autolinks (as its `replacements` rule does)."""
    for token in inlines:
        inside_autolink = False
        for child in token.children or []:
            if child.type == "text" and not inside_autolink and "--" in child.content:
                text = EM_DASH_RE.sub("\\1\u2014", child.content)
                text = EN_DASH_RE.sub("\\1\u2013", text)
                child.content = EN_DASH_INDENT_RE.sub("\\1\u2013", text)
            elif child.type in ("link_open", "link_close") and child.info == "auto":
                inside_autolink = child.type == "link_open"


def _pictures(inlines: list[Token]) -> list[Token]:
    """Each picture's description as an inline token of its own (markdown-it's rules skip them)."""
    found = []
    for token in inlines:
        for child in token.children or []:
            if child.type == "image" and child.children:
                found.append(Token("inline", "", 0, content=child.content, children=child.children))
    return found


def _rule(state: StateCore) -> None:
    """The core rule: quotes in the brief's language and dashes, in the text and the pictures."""
    language = state.env.get("language", "en")
    inlines = [token for token in state.tokens if token.type == "inline"]
    inlines += _pictures(inlines)
    _quotes(inlines, language)
    _dashes(inlines)
    for token in inlines:
        for child in token.children or []:
            if child.type == "image" and child.attrGet("title"):
                child.attrSet("title", smarten(str(child.attrGet("title")), language))


def use_typography(md: MarkdownIt) -> MarkdownIt:
    """Replace markdown-it's `smartquotes` and `replacements` rules by `_rule` (see above)."""
    md.core.ruler.at("smartquotes", _rule)
    md.core.ruler.enable("smartquotes")  # the commonmark preset leaves it off
    md.core.ruler.disable("replacements")
    return md


def smarten(text: str, language: str) -> str:
    """A plain string (a title, a caption, a bio) through the same rules, not read as Markdown."""
    if not text or ("'" not in text and '"' not in text and "--" not in text):
        return text
    child = Token("text", "", 0, content=text)
    inline = Token("inline", "", 0, content=text, children=[child])
    _quotes([inline], language)
    _dashes([inline])
    return child.content


def smarten_fields(model, language: str, names: tuple[str, ...]):
    """A copy of a (frozen) pydantic model with these text fields through `smarten`; lists of
    strings too (keywords). Front matter is prose like the body, so it gets the same marks."""
    update: dict[str, object] = {}
    for name in names:
        value = getattr(model, name)
        if isinstance(value, str):
            update[name] = smarten(value, language)
        elif isinstance(value, list):
            update[name] = [smarten(v, language) if isinstance(v, str) else v for v in value]
    return model.model_copy(update=update)


_AUTHOR_TEXT = ("name", "role", "bio", "affiliation")


def typeset_author(author: Author, language: str) -> Author:
    """Smart quotes and dashes in an author entry: the main text in `language` (a registry entry is
    taken to be in the default language, English; an inline one in its brief's), each `ko:`/`en:`
    variant in its own."""
    author = smarten_fields(author, language, _AUTHOR_TEXT)
    variants = {
        code: smarten_fields(getattr(author, code), code, _AUTHOR_TEXT[:3])
        for code in ("ko", "en")
        if getattr(author, code) is not None
    }
    return author.model_copy(update=variants)


def typeset_meta(meta: BriefMeta) -> BriefMeta:
    """The front matter's prose in the brief's language; the original's title in the original's."""
    meta = smarten_fields(
        meta, meta.language, ("title", "subtitle", "series", "edition", "summary", "keywords")
    )
    original = meta.translation_of
    if original is not None:
        meta = meta.model_copy(
            update={"translation_of": smarten_fields(original, original.language, ("title",))}
        )
    return meta
