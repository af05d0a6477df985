"""Raw HTML in content: an allow-list fit for briefs (nh3), applied once in the reader."""

from __future__ import annotations

import re

import nh3
from markdown_it.token import Token

from briefexport.errors import Report

BLOCK_TAGS = {"p", "br", "sup", "sub", "em", "strong", "b", "i", "small", "abbr", "span",
              "ul", "ol", "li", "blockquote", "a"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_INLINE_OK = re.compile(r"^<(/?)(sup|sub|br|em|strong|b|i|small)\s*/?>$", re.IGNORECASE)


def clean_block(html: str) -> str:
    return nh3.clean(html, tags=BLOCK_TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer").strip()


def raw_html(tokens: list[Token], shown: str, report: Report) -> None:
    """Sanitize html_block tokens in place; keep only harmless inline tags, drop the rest."""
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            cleaned = clean_block(token.content)
            if cleaned != token.content.strip():
                report.warn(shown, line, 1, "raw HTML: removed markup that is not allowed in a brief")
            token.content = cleaned + "\n" if cleaned else ""
        for child in token.children or []:
            if child.type != "html_inline":
                continue
            match = _INLINE_OK.match(child.content.strip())
            if match:
                child.content = f"<{match.group(1)}{match.group(2).lower()}>"
            else:
                if not child.content.startswith("<!--"):
                    report.warn(shown, line, 1, f"raw HTML: removed `{child.content[:40]}`")
                child.content = ""
