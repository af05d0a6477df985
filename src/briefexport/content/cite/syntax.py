"""What authors write, in pandoc's and Quarto's syntax (so sources move between them):
`[@keohane1984]`, `[@keohane1984, 49--51]`, `[see @wto2023, 12; also @keohane1984]`,
`[-@keohane1984]` (no author), `@farrell2019 argue` and `@farrell2019 [49]` in the text.

Each becomes one `cite` token whose meta holds the items (engine.Item); the reader formats them
(notes.py). A bracket is a citation only when every `;`-separated part holds one `@key`; anything
else (a link, `[see below]`, an e-mail address) stays what it was.
"""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline

from briefexport.content.cite.engine import Item

# a pandoc citation key: a letter, digit or _, then those and internal punctuation; or `@{any key}`
KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<key>\w(?:[\w:.#$%&+?<>~/-]*\w)?))"
_PART = re.compile(r"^(?P<prefix>.*?)(?:(?<=\s)|^)(?P<minus>-?)@" + KEY + r"(?P<rest>.*)$", re.S)
_IN_TEXT = re.compile(r"@" + KEY)
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


def bracket_rule(state: StateInline, silent: bool) -> bool:
    """`[...@key...]` before the link rule: a citation when every part holds a key and no `(` or
    `[` follows (then it is a link, `[@name](url)`, and stays one)."""
    pos = state.pos
    src = state.src
    if src[pos] != "[" or src.startswith("[^", pos):
        return False
    end = pos + 1
    while end < state.posMax and src[end] not in "[]":
        end += 1
    if end >= state.posMax or src[end] != "]" or src[end + 1 : end + 2] in ("(", "[", ":"):
        return False
    inner = src[pos + 1 : end]
    if "@" not in inner:
        return False
    items = parse_items(inner)
    if items is None:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.content = src[pos : end + 1]
        token.meta = {"items": items, "in_text": False}
    state.pos = end + 1
    return True


def in_text(state: StateInline, key: str, silent: bool) -> bool:
    """`@key` in the text (the `@` rule's hand-off, at `state.pos`): the author's name in the
    sentence, the rest cited; `@key [49]` gives it a locator."""
    match = _IN_TEXT.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
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
