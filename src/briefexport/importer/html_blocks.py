"""Raw HTML in a brief as the importer's blocks: what the DOCX writer makes of sanitized HTML
(writers/docx/raw_html.py), so an unchanged HTML block compares equal to what the draft gives back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from briefexport.importer import ir
from briefexport.importer.entries import Entry, group
from briefexport.safety.markup import DROP_WITH_CONTENT, INLINE_FLAGS, safe_url


@dataclass(frozen=True)
class HtmlBlocks:
    """A raw HTML block: the blocks the writer makes of it (raw_html.py)."""

    blocks: tuple


def html_blocks(content: str) -> list:
    """The blocks RawHtmlWriter makes of sanitized HTML: paragraphs, quote paragraphs, list items."""
    content = content.strip()
    if not content:
        return []
    entries: list[Entry] = []
    _flow(lxml_html.fragment_fromstring(content, create_parent="div"), entries, "block")
    return group(entries)


def _flow(element, entries: list, kind: str, ordered: bool = False, num: str = "") -> None:
    current: list = []

    def flush():
        inlines = ir.normalize(current)
        if inlines or (current and kind == "item"):  # Word shows an empty paragraph as nothing
            entries.append(
                Entry("item", inlines=inlines, ordered=ordered, num=num)
                if kind == "item"
                else Entry(kind, ir.Paragraph(inlines))
            )
        current.clear()

    if element.text and element.text.strip():
        current.append(ir.Text(_squash(element.text)))
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in DROP_WITH_CONTENT:
            tag = ""
        if tag in ("p", "div", "blockquote", "ul", "ol", "li"):
            flush()
            if tag == "blockquote":
                _flow(child, entries, "quote")
            elif tag in ("ul", "ol"):
                for li in child:
                    if isinstance(li.tag, str) and li.tag.lower() not in DROP_WITH_CONTENT:
                        _flow(li, entries, "item", tag == "ol", f"html{id(child)}")
            else:
                _flow(child, entries, kind, ordered, num)
        elif tag:
            _inline_html(child, current, frozenset(), None)
        if child.tail and child.tail.strip():
            current.append(ir.Text(_squash(child.tail)))
    flush()


def _inline_html(element, out: list, flags: frozenset, link: str | None) -> None:
    tag = element.tag.lower()
    if tag == "br":
        out.append(ir.Break(link))
        return
    if tag in INLINE_FLAGS:
        flags = flags | {INLINE_FLAGS[tag]}
    if tag == "a":
        href = str(element.get("href") or "")
        link = href if href and safe_url(href) else link
    if element.text:
        out.append(ir.Text(_squash(element.text), flags, link))
    for child in element:
        if isinstance(child.tag, str) and child.tag.lower() not in DROP_WITH_CONTENT:
            _inline_html(child, out, flags, link)
        if child.tail:
            out.append(ir.Text(_squash(child.tail), flags, link))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)  # as raw_html.py's squash: white space as HTML shows it
