"""What authors write, in pandoc's and Quarto's syntax (so sources move between them):
`[@keohane1984]`, `[@keohane1984, 49--51]`, `[see @wto2023, 12; also @keohane1984]`,
`[-@keohane1984]` (no author), `@farrell2019 argue` and `@farrell2019 [49]` in the text.

Each becomes one `cite` token whose meta holds the items (engine.Item); the reader formats them
(notes.py). A bracket is a citation only when every `;`-separated part holds one `@key`; anything
else (a link, `[see below]`, an e-mail address) stays what it was. The parser's one `@` rule
(content/xrefs.py) calls these functions: it tells cross-references (`@fig-use`) from citations.
"""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline

from briefexport.content.cite.engine import Item
from briefexport.errors import Diagnostic, shorten

# a pandoc citation key: a letter, digit or _, then those and internal punctuation; or `@{any key}`
KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<key>\w(?:[\w:.#$%&+?<>~/-]*\w)?))"
_PART = re.compile(r"^(?P<prefix>.*?)(?:(?<=\s)|^)(?P<minus>-?)@" + KEY + r"(?P<rest>.*)$", re.S)
_IN_TEXT = re.compile(r"@" + KEY)
# `[@key]`, `[-@key]`, `[see @key, p. 3]`, `[@a; @b]`; an @ inside a word (an e-mail address) is not one
_BRACKET = re.compile(r"\[(?:[^\[\]]*?[\s;])?-?@\w[^\[\]]*\]")
# locator labels as pandoc reads them (English) and the CSL locator type each names
_LABEL_WORDS = {
    "page": "p pp page pages",
    "chapter": "chap chaps ch chapter chapters",
    "section": "sec secs section sections § §§",
    "paragraph": "para paras paragraph paragraphs ¶",
    "figure": "fig figs figure figures",
    "note": "n nn note notes",
    "volume": "vol vols volume volumes",
    "line": "l ll line lines",
    "column": "col cols column columns",
    "part": "pt pts part parts",
    "book": "bk bks book books",
    "issue": "no nos",
    "article-locator": "art arts",
    "table": "tbl table tables",
    "appendix": "app appendix",
}
LABELS = {word: label for label, words in _LABEL_WORDS.items() for word in words.split()}
_LABEL = re.compile(
    r"^\s*(?P<label>" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True)) + r")\.?\s+"
)
# a locator: numbers or roman numerals, ranges and lists of them ("49--51", "iv, vi-xi", "3.2")
_LOCATOR = re.compile(
    r"^\s*(?P<loc>[\divxlcdmIVXLCDM]+(?:[.:][\dA-Za-z]+)*"
    r"(?:\s*(?:--|–|-|&|,(?=\s*[\divxlcdmIVXLCDM]+\b(?![\w\s]*[a-z]{4})))\s*[\dA-Za-z]+(?:[.:][\dA-Za-z]+)*)*)"
)


def is_reference(key: str) -> bool:
    """Whether `@key` is a cross-reference (`fig-`, `tbl-`, `sec-`; `Fig-` at a sentence's start),
    which content/xrefs.py reads, never a citation."""
    return key[:4].lower() in ("fig-", "tbl-", "sec-")


def _suffix(text: str) -> str:
    """A suffix as the engine appends it: after a space unless it starts with punctuation."""
    text = text.strip()
    return text if not text or text[0] in ",.;:)" else " " + text


def _locator(rest: str) -> tuple[str, str, str]:
    """(locator, label, suffix) of the text after a key: `, 49--51, emphasis added`."""
    if not rest.startswith(","):
        return "", "", _suffix(rest)
    rest = rest[1:]
    braced = re.match(r"^\s*\{([^{}]*)\}", rest)
    if braced:  # pandoc's explicit locator: `[@a, {pp. iv, vi-xi}]`
        text, after = braced.group(1), rest[braced.end() :]
        label_match = _LABEL.match(text)
        label = LABELS[label_match.group("label")] if label_match else "page"
        return (text[label_match.end() :] if label_match else text).strip(), label, _suffix(after)
    label_match = _LABEL.match(rest)
    after_label = rest[label_match.end() :] if label_match else rest
    found = _LOCATOR.match(after_label)
    if found is None:
        return "", "", _suffix("," + rest) if rest.strip() else ""
    label = LABELS[label_match.group("label")] if label_match else "page"
    locator = found.group("loc").replace("--", "–").strip()
    return locator, label, _suffix(after_label[found.end() :])


def parse_items(inner: str) -> tuple[Item, ...] | None:
    """The items of a bracketed citation's text (between `[` and `]`), or None when it is not one."""
    items = []
    for part in inner.split(";"):
        match = _PART.match(part.strip())
        if match is None or "@" in match.group("prefix"):
            return None
        key = match.group("braced") or match.group("key")
        locator, label, suffix = _locator(match.group("rest"))
        items.append(
            Item(
                key=key,
                locator=locator,
                label="" if label == "page" else label,
                prefix=match.group("prefix").strip(),
                suffix=suffix,
                suppress_author=bool(match.group("minus")),
            )
        )
    return tuple(items) if items else None


def read_bracket(state: StateInline) -> tuple[str, int] | None:
    """(the text between the brackets, the position of `]`) of a `[...]` at `state.pos` that holds
    an `@` and is no link: no `(`, `[` or `:` follows (`[@name](url)` stays a link), no `[^` note."""
    pos, src = state.pos, state.src
    if src[pos] != "[" or src.startswith("[^", pos):
        return None
    end = pos + 1
    while end < state.posMax and src[end] not in "[]":
        end += 1
    if end >= state.posMax or src[end] != "]" or src[end + 1 : end + 2] in ("(", "[", ":"):
        return None
    inner = src[pos + 1 : end]
    return (inner, end) if "@" in inner else None


def keys_in(text: str) -> list[str]:
    """The keys after each `@` that is not inside a word (`jane@example.org` holds none)."""
    return [
        match.group("braced") or match.group("key")
        for match in _IN_TEXT.finditer(text)
        if match.start() == 0 or not (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_")
    ]


def push_bracket(state: StateInline, items: tuple[Item, ...], end: int, silent: bool) -> bool:
    """A bracketed citation read by read_bracket and parse_items: one `cite` token."""
    if not silent:
        token = state.push("cite", "", 0)
        token.content = state.src[state.pos : end + 1]
        token.meta = {"items": items, "in_text": False}
    state.pos = end + 1
    return True


def in_text(state: StateInline, silent: bool) -> bool:
    """`@key` in the text at `state.pos` (the `@` rule's hand-off, for a key that is no
    cross-reference): the author's name in the sentence, the rest cited; `@key [49]` gives it a
    locator."""
    match = _IN_TEXT.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    key = match.group("braced") or match.group("key")
    end = match.end()
    locator, label, suffix = "", "", ""
    trailing = re.match(r" ?\[([^\[\]@]*)\]", state.src[end : state.posMax])
    if trailing and state.src[end + trailing.end() : end + trailing.end() + 1] not in ("(", "["):
        locator, label, suffix = _locator("," + trailing.group(1))
        end += trailing.end()
    if not silent:
        token = state.push("cite", "", 0)
        token.content = state.src[state.pos : end]
        item = Item(key=key, locator=locator, label="" if label == "page" else label, suffix=suffix)
        token.meta = {"items": (item,), "in_text": True}
    state.pos = end
    return True


def warn_unread(text: str, block, finder, shown: str, diagnostics: list[Diagnostic]) -> None:
    """Each bracket with a `@key` left in a text token (the `@` rule read it as written): a located
    warning. `finder` locates it (references.py's)."""
    for match in _BRACKET.finditer(text):
        spot = finder.text(block, match.group(0))
        if spot is None:
            continue
        mixed = any(is_reference(key) for key in keys_in(match.group(0)))
        line, col = spot
        diagnostics.append(
            Diagnostic(
                shown,
                line,
                col,
                f"`{shorten(match.group(0), 60)}` is not read as a citation and prints as written",
                "a cross-reference stands outside a citation's brackets: `[see @a], as @fig-use shows`"
                if mixed
                else "a citation holds `@key` in each `;`-separated part: `[see @a, 12; also @b]`",
                severity="warning",
            )
        )
