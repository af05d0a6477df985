"""Soft line breaks between Chinese or Japanese characters: no space. A paragraph continued on the
next source line is joined with a space in every format (writers print a soft break as " "), which
is right for languages that put spaces between words and wrong for those that do not: a Chinese or
Japanese sentence broken across two source lines would print with a space in the middle of it.

Pandoc's `east_asian_line_breaks` extension drops such a break between two East Asian wide
characters; here the break is dropped between two characters of scripts written without spaces
(Han, Hiragana, Katakana, and the CJK and full-width punctuation). Hangul is left out on purpose:
Korean puts spaces between words, and a Korean line usually ends where a space would be.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_UNSPACED = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003134f]"
)


def _join_unspaced(state: StateCore) -> None:
    for block in state.tokens:
        children = block.children or []
        for index, token in enumerate(children):
            if token.type != "softbreak" or index == 0 or index + 1 == len(children):
                continue
            before, after = children[index - 1], children[index + 1]
            if (
                before.type == "text"
                and after.type == "text"
                and before.content[-1:]
                and after.content[:1]
                and _UNSPACED.match(before.content[-1])
                and _UNSPACED.match(after.content[0])
            ):
                token.type, token.content = "text", ""


def use_line_breaks(md: MarkdownIt) -> MarkdownIt:
    md.core.ruler.push("join_unspaced_lines", _join_unspaced)
    return md
