"""Pandoc's attributes where a brief can write them, read by the one parser (markdown.py):

- after a picture, `![description](x.png "Caption"){#fig-use}`: mdit_py_plugins' `attrs_plugin`,
  told to keep only an id (anything else is reported, never written into the HTML);
- at the end of a heading, `## Heading {#sec-money}`: pandoc's place, which `attrs_plugin` does not
  read (it reads attributes after inline elements, and block attributes on the line above), so a
  core rule here takes a trailing `{...}` off the heading's text, parsed by the plugin's own parser;
- on a table's caption, a paragraph `: Caption {#tbl-cost}` (or `Table: Caption`) right after the
  table, pandoc's caption syntax: a core rule moves it into the table as `caption` tokens (an HTML
  `<caption>`), its id onto the table.

Both core rules run before the inline rule, on the text the inline rule will read. What they
could not read stays text, and `stray` reports a `{#...}` left in the text (one that attaches to
nothing) as a warning.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError, parse

_TRAILING = re.compile(r"(?:^|\s)(\{[^{}\n]*\})[ \t]*$")
_CAPTION = re.compile(r"^(?:[Tt]able)?:[ \t]+")
STRAY = re.compile(r"\{[ \t]*#[^\s{}]+[^{}\n]*\}")  # `{#id ...}` as text: it attached to nothing


def read_attributes(text: str) -> dict[str, str] | None:
    """`{#id .class key="value"}` as a dict (classes joined by spaces), None when it is not one."""
    try:
        end, attrs = parse(text)
    except ParseError:
        return None
    return attrs if end == len(text) - 1 else None


def _trailing(inline: Token) -> dict[str, str] | None:
    """Take a trailing `{...}` off an inline token's text; its attributes, or None."""
    match = _TRAILING.search(inline.content)
    attrs = read_attributes(match.group(1)) if match else None
    if match is None or attrs is None:
        return None
    inline.content = inline.content[: match.start(1)].rstrip()
    return attrs


def _keep_id(token: Token, attrs: dict[str, str], source: str) -> None:
    """Note an id on `token` (meta `id`); anything else is noted as ignored (the reader warns)."""
    if "id" in attrs:
        token.meta["id"] = attrs["id"]
    ignored = {key: value for key, value in attrs.items() if key != "id"}
    if ignored:
        token.meta["ignored_attrs"] = ignored
    token.meta["attrs_source"] = source


def heading_ids(state: StateCore) -> None:
    """`## Heading {#sec-money}`: the id to the heading's meta, the braces out of its text."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        inline = tokens[index + 1]
        before = inline.content
        attrs = _trailing(inline)
        if attrs is not None:
            _keep_id(token, attrs, before[len(inline.content) :].strip())


def table_captions(state: StateCore) -> None:
    """A paragraph `: Caption {#tbl-cost}` right after a table becomes the table's caption."""
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            token.type == "table_close"
            and index + 3 < len(tokens)
            and tokens[index + 1].type == "paragraph_open"
            and tokens[index + 1].level == token.level
            and _CAPTION.match(tokens[index + 2].content)
        ):
            table_open = next(
                t for t in reversed(tokens[:index]) if t.type == "table_open" and t.level == token.level
            )
            opener, inline = tokens[index + 1], tokens[index + 2]
            prefix = _CAPTION.match(inline.content)
            assert prefix is not None  # matched above
            inline.content = inline.content[prefix.end() :]
            attrs = _trailing(inline)
            if attrs is not None:
                _keep_id(table_open, attrs, "")
            caption_open = Token(
                "caption_open", "caption", 1, map=opener.map, level=token.level + 1, block=True
            )
            caption_close = Token("caption_close", "caption", -1, level=token.level + 1, block=True)
            inline.level = token.level + 2
            del tokens[index + 1 : index + 4]
            start = tokens.index(table_open) + 1
            tokens[start:start] = [caption_open, inline, caption_close]
            table_open.meta["caption_line"] = opener.map[0] if opener.map else None
            index += 3
        index += 1


def use_attributes(md: MarkdownIt) -> MarkdownIt:
    """Ids after pictures, at the end of headings and on table captions (see the module docstring)."""
    md.use(attrs_plugin, after=("image",), allowed=("id",))
    md.core.ruler.after("block", "heading_ids", heading_ids)
    md.core.ruler.after("heading_ids", "table_captions", table_captions)
    return md
