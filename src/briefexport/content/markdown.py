"""The one Markdown parser configuration: CommonMark, GFM tables and strikethrough, footnotes, and
what pandoc and Quarto users write in real briefs: ids after pictures, at the end of headings and
on table captions (attributes.py), boxes as fenced divs (boxes.py), `@` cross-references and the
hand-off of citations (xrefs.py); no space where a Chinese or Japanese line was broken (line_breaks.py)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from briefexport.content.attributes import use_attributes
from briefexport.content.boxes import use_boxes
from briefexport.content.line_breaks import use_line_breaks
from briefexport.content.typography import use_typography
from briefexport.content.xrefs import use_xrefs


def make_parser() -> MarkdownIt:
    """The briefs' Markdown. Parse with `env={"language": ...}`: the typographer puts quotes in that
    language's marks."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(["table", "strikethrough"])
    return use_line_breaks(use_xrefs(use_boxes(use_attributes(use_typography(md.use(footnote_plugin))))))


MARKDOWN = make_parser()


def inline_text(token: Token) -> str:
    """Plain text of an inline token (or an image's alt), for titles, captions and bookmarks."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child))
        elif child.type == "xref":  # "Figure 1" once the reader resolved it, else as written
            parts.append(child.meta.get("label") or child.content)
    return "".join(parts).strip()


def figure_caption(image: Token) -> str:
    """The caption a figure shows under its picture: its title, `![alt](src "Caption")`, apart
    from its description (alt). The DOCX writer and importer read it the same way."""
    return str(image.attrGet("title") or "").strip()


def list_start(node) -> int:
    """The number an ordered list (a token or tree node) starts at: markdown-it sets `start` only
    when it is not 1."""
    try:
        return int(node.attrs.get("start", 1))
    except (TypeError, ValueError):
        return 1


def walk(tokens: list[Token]):
    """Every token, inline children included, in document order (the reader shifts their lines and
    looks for pictures; a SyntaxTreeNode would hide closing tokens and cost a tree per brief)."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)
