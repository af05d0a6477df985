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

The marks per language, each as its publishers set them:
- English “ ” ‘ ’; German „ “ ‚ ‘ (Duden); Spanish « » then “ ” (RAE, Ortografía de la lengua española, 2010);
  Russian « » then „ “ (Мильчин, «Справочник издателя и автора»); Arabic « » then “ ”;
- French « » then “ ” (Imprimerie nationale, Lexique des règles typographiques), with a narrow
  no-break space (U+202F) inside the guillemets and before ; : ! ?, replacing a space typed there
  (`_french_spacing`), so a line never starts with a colon or ends with an opening guillemet;
- Chinese “ ” then ‘ ’, the marks of horizontal text in the mainland (GB/T 15834-2011
  《标点符号用法》), and 「 」『 』 for Chinese in traditional characters (zh-Hant, zh-TW, zh-HK, zh-MO), as
  Taiwan's and Hong Kong's publishers set them (教育部《重訂標點符號手冊》);
- Japanese 「 」 then 『 』 (JIS X 4051; W3C, Requirements for Japanese Text Layout).
In Chinese and Japanese text a straight quote usually sits between two letters, where markdown-it's
rule (made for spaced scripts) leaves it as typed: there, double quotes and single quotes touching
a CJK character are paired in the order they come (`_pair_in_order`).

Korean keeps the quotes its author typed. The Korean rules for punctuation (국립국어원, 한글 맞춤법
부록 「문장 부호」, 2015) use the same “ ” and ‘ ’ as English in horizontal text, so there is no other
pair to substitute; and markdown-it's pairing, made for English, cannot close a quote followed
directly by a particle ('계약 용량'에서): it would leave the opening mark straight and turn the closing
one into an apostrophe. Korean input methods type the curly marks (and 「 」『 』) directly.
"""

from __future__ import annotations

import re
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
    "fr": "«»“”",
    "ru": "«»„“",
    "ar": "«»“”",
    "zh": "“”‘’",
    "zh-hant": "「」『』",
    "ja": "「」『』",
    "ko": None,  # see the module docstring
}
_TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
_PAIRED_IN_ORDER = ("zh", "ja")
NARROW_NBSP = "\u202f"
# A CJK character (Han, kana, CJK punctuation and full-width forms): a quote touching one is a
# quotation mark, never an apostrophe.
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")


def quote_marks(language: str) -> str | None:
    tag = language.lower()
    if tag.startswith(_TRADITIONAL):
        return QUOTES["zh-hant"]
    return QUOTES.get(tag.split("-")[0])


class _Marks(SimpleNamespace):
    """What markdown-it's pairing rule reads of its state (`state.md.options.quotes`)."""

    def __init__(self, marks: str):
        super().__init__(md=SimpleNamespace(options=SimpleNamespace(quotes=marks)))


def _quotes(inlines: list[Token], language: str) -> None:
    marks = quote_marks(language)
    if marks is None:
        return
    view = _Marks(marks)
    in_order = language.split("-")[0].lower() in _PAIRED_IN_ORDER
    for token in inlines:
        if token.children and QUOTE_RE.search(token.content):
            if in_order:
                _pair_in_order(token.children, marks)
            process_inlines(token.children, view)  # type: ignore[arg-type]  # _Marks stands for StateCore
    if language.split("-")[0].lower() == "fr":
        for token in inlines:
            _french_spacing(token.children or [])


def _text_children(children: list[Token]) -> list[Token]:
    """The text children of an inline token outside autolinks (whose text is an address)."""
    found, inside_autolink = [], False
    for child in children:
        if child.type == "text" and not inside_autolink:
            found.append(child)
        elif child.type in ("link_open", "link_close") and child.info == "auto":
            inside_autolink = child.type == "link_open"
    return found


def _pair_in_order(children: list[Token], marks: str) -> None:
    """Chinese and Japanese: every straight double quote, and every single quote touching a CJK
    character, opens and closes in turn (hand-written: markdown-it's rule decides by the spaces
    around a quote, and CJK text has none)."""
    texts = _text_children(children)
    joined = "".join(t.content for t in texts)
    found = []
    for index, char in enumerate(joined):
        if char == '"' or (
            char == "'"
            and (
                _CJK.match(joined[index - 1 : index] or " ")
                or _CJK.match(joined[index + 1 : index + 2] or " ")
            )
        ):
            found.append(index)
    if not found:
        return
    opened = {'"': False, "'": False}
    chars = list(joined)
    for index in found:
        quote = chars[index]
        first = 0 if quote == '"' else 2
        chars[index] = marks[first + 1] if opened[quote] else marks[first]
        opened[quote] = not opened[quote]
    position = 0
    for token in texts:
        token.content = "".join(chars[position : position + len(token.content)])
        position += len(token.content)


_BEFORE_HIGH = re.compile("[ \u00a0\u202f]?(?=[;:!?](?:[\\s»)\\]!?…]|$))")
_AFTER_OPEN = re.compile("«[ \u00a0\u202f]?")
_BEFORE_CLOSE = re.compile("[ \u00a0\u202f]?»")


def _french_spacing(children: list[Token]) -> None:
    """A narrow no-break space inside « » and before ; : ! ? (not in 10:30, https:, a:b, nor in
    code or an address), replacing a space typed there, and none twice."""
    previous = " "
    for token in _text_children(children):
        token.content = french_spacing(token.content, previous)
        previous = token.content[-1:] or previous


def french_spacing(text: str, previous: str = " ") -> str:
    """`text` with French spacing; `previous` is the character before it (another token's)."""
    text = _BEFORE_CLOSE.sub(NARROW_NBSP + "»", _AFTER_OPEN.sub("«" + NARROW_NBSP, text))

    def space(match: re.Match) -> str:
        """None where the mark follows a space, an opening bracket or ! ?, else a narrow one."""
        before = text[match.start() - 1] if match.start() else previous
        if match.group() == "" and (before.isspace() or before in "([«!?"):
            return ""
        return NARROW_NBSP

    return _BEFORE_HIGH.sub(space, text)


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
    if not text or not (
        _SMARTENED.search(text) or (language.lower().startswith("fr") and _FRENCH.search(text))
    ):
        return text
    child = Token("text", "", 0, content=text)
    inline = Token("inline", "", 0, content=text, children=[child])
    _quotes([inline], language)
    _dashes([inline])
    return child.content


_SMARTENED = re.compile("['\"]|--")
_FRENCH = re.compile("[;:!?«»]")


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
    taken to be in the default language, English; an inline one in its brief's), each `ko:`,
    `fr:`... variant in its own."""
    author = smarten_fields(author, language, _AUTHOR_TEXT)
    variants = {
        code: smarten_fields(getattr(author, code), code, _AUTHOR_TEXT[:3]) for code in author.languages()
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
