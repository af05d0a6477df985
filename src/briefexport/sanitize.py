"""Raw HTML in content: an allow-list fit for briefs (nh3), applied once in the reader.

What survives is harmless in every format: no script, iframe, object/embed, style attributes
(so no CSS url()), event handlers, or links other than http(s), mailto and relative ones (never
fetched: WeasyPrint does not fetch `<a href>`, and nh3 forces `rel="noopener noreferrer"`, so no
`rel="attachment"` can make WeasyPrint embed a file). Inline tags are kept only in balanced
pairs and shallow nesting, so every writer (HTML, XHTML, DOCX) gets well-formed markup.
"""

from __future__ import annotations

import re

import nh3
from markdown_it.token import Token

from briefexport.errors import Diagnostic, Report

BLOCK_TAGS = {"p", "br", "sup", "sub", "em", "strong", "b", "i", "small", "abbr", "span",
              "ul", "ol", "li", "blockquote", "a"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_DEPTH = 16  # raw HTML nested deeper than this is refused (renderers recurse on depth)
MAX_UNCLOSED = 1000  # checked before nh3, whose HTML parser is quadratic in nesting depth
_INLINE_OK = re.compile(r"^<(/?)(sup|sub|br|em|strong|b|i|small)\s*/?>$", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")
_VOID = {"br"}
_HIDDEN = re.compile(r"^<(/?)(script|style)\b", re.IGNORECASE)


def clean_block(html: str) -> str:
    return nh3.clean(html, tags=BLOCK_TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer").strip()


def depth(html: str) -> int:
    """Deepest element nesting of (well-formed, nh3-made) HTML; for raw HTML, an upper bound."""
    level = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if closing:
            level -= 1
        elif not self_closing and name.lower() not in _VOID:
            level += 1
            deepest = max(deepest, level)
    return deepest


def raw_html(tokens: list[Token], shown: str, report: Report) -> list[Diagnostic]:
    """Sanitize html_block tokens in place; keep only harmless inline tags, drop the rest.

    Removals are warnings in `report`; returns the errors (HTML nested too deeply to render).
    """
    errors = []
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            if depth(token.content) > MAX_UNCLOSED:
                errors.append(Diagnostic(shown, line, 1, f"raw HTML opens more than {MAX_UNCLOSED} tags without closing them",
                                         "simplify the markup, or write it in Markdown"))
                token.content = ""
                continue
            cleaned = clean_block(token.content)
            if cleaned != token.content.strip():
                report.warn(shown, line, 1, "raw HTML: removed markup that is not allowed in a brief")
            if depth(cleaned) > MAX_DEPTH:
                errors.append(Diagnostic(shown, line, 1, f"raw HTML is nested more than {MAX_DEPTH} levels deep",
                                         "simplify the markup, or write it in Markdown"))
                cleaned = ""
            token.content = cleaned + "\n" if cleaned else ""
        if token.children:
            _inline(token.children, shown, line, report)
    return errors


def _inline(children: list[Token], shown: str, line: int, report: Report) -> None:
    """Inline raw HTML: allowed tags only, in balanced pairs, at most MAX_DEPTH deep."""
    stack: list[tuple[str, Token]] = []
    hiding = None  # inside an inline <script> or <style>: its text goes too
    for child in children:
        if hiding and child.type == "text":
            child.content = ""
            continue
        if child.type != "html_inline":
            continue
        match = _INLINE_OK.match(child.content.strip())
        if not match:
            if not child.content.startswith("<!--"):
                report.warn(shown, line, 1, f"raw HTML: removed `{child.content[:40]}`")
            opened = _HIDDEN.match(child.content)
            if opened:
                hiding = None if opened.group(1) else opened.group(2).lower()
            child.content = ""
            continue
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID:
            child.content = "<br />"
        elif not closing and len(stack) < MAX_DEPTH:
            child.content = f"<{name}>"
            stack.append((name, child))
        elif closing and stack and stack[-1][0] == name:
            child.content = f"</{name}>"
            stack.pop()
        else:  # a stray end tag, or nested too deeply: dropped
            child.content = ""
    for _, opener in stack:  # never closed: dropped, so the output stays well-formed
        opener.content = ""
