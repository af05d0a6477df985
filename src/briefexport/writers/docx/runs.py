"""The inline level of a Word paragraph: runs of text with direct formatting, links, breaks, and
where a block's paragraphs go (a Story)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docx.opc.part import Part
from lxml import etree
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from briefexport.safety.markup import safe_url
from briefexport.writers.docx.oxml import el, hyperlink, rpr, text_run
from briefexport.writers.docx.reference import Reference


@dataclass(frozen=True)
class Story:
    """Where blocks go (the body, a footnote) and the part that holds their links and pictures."""

    part: Part
    append: Callable[[etree._Element], None]
    note: bool = False


@dataclass(frozen=True)
class Env:
    """Block context: open lists (for nesting depth), whether we are inside a block quote, and the
    paragraph style of the box we are in."""

    depth: int = 0
    quote: bool = False
    box: str | None = None


class Runs:
    """The inline content of one paragraph. Adjacent text with the same formatting becomes one
    run, as in a document typed by hand."""

    def __init__(self, paragraph_element: etree._Element, story: Story, styles: Reference):
        self.p = paragraph_element
        self.target = paragraph_element
        self.story = story
        self.styles = styles
        self.flags = {"bold": 0, "italic": 0, "strike": 0, "sup": 0, "sub": 0}
        self.buffer: list[str] = []
        self.in_link = False

    def props(self, char_style: str | None = None):
        if char_style is None and self.in_link:
            char_style = "Hyperlink"
        vert = "superscript" if self.flags["sup"] else "subscript" if self.flags["sub"] else None
        return rpr(
            self.styles.style(char_style) if char_style else None,
            bold=self.flags["bold"] > 0,
            italic=self.flags["italic"] > 0,
            strike=self.flags["strike"] > 0,
            vert=vert,
        )

    def text(self, value: str) -> None:
        self.buffer.append(value)

    def flush(self) -> None:
        if self.buffer:
            text = "".join(self.buffer)
            self.buffer = []
            if text:
                self.target.append(text_run(text, self.props()))

    def toggle(self, flag: str, on: bool) -> None:
        self.flush()
        self.flags[flag] = max(0, self.flags[flag] + (1 if on else -1))

    def styled(self, value: str, char_style: str) -> None:
        self.flush()
        self.target.append(text_run(value, self.props(char_style)))

    def append(self, element: etree._Element) -> None:
        self.flush()
        self.target.append(element)

    def line_break(self) -> None:
        self.append(el("w:r", None, el("w:br")))

    def link_open(self, href: str | None) -> None:
        self.flush()
        if not href or not safe_url(href):
            return  # the text stays, without the link
        link = hyperlink(self.story.part, href)
        self.p.append(link)
        self.target = link
        self.in_link = True

    def link_close(self) -> None:
        self.flush()
        self.target = self.p
        self.in_link = False


def inline_tokens(node: SyntaxTreeNode) -> list[Token]:
    """The inline children of a block node (a paragraph, heading or table cell)."""
    for child in node.children:
        if child.type == "inline" and child.token is not None:
            return list(child.token.children or [])
    return []


def squash(text: str) -> str:
    """Runs of white space as one space, as HTML shows them."""
    return re.sub(r"\s+", " ", text)
