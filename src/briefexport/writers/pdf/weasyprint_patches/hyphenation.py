"""No more than two hyphenated lines in a row, which CSS would say with `hyphenate-limit-lines: 2`
and WeasyPrint 70 does not implement (the other limits are CSS: `hyphenate-limit-chars` and
`hyphenate-limit-zone` in the stylesheet).

Hand-written because no library does it for WeasyPrint: after layout, find each paragraph's first
run of three hyphenated line ends; keep the word broken at the end of the third line whole (a span
with `hyphens: manual` around it in WeasyPrint's parsed document) and lay the document out again.
The limit zone in the stylesheet makes such runs rare, so most briefs are laid out once.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import cssselect2
from weasyprint.formatting_structure import boxes

MAX_RUN = 2
MAX_PASSES = 4  # each pass fixes the first run of every paragraph


def hyphenated_runs(document) -> list[tuple[object, str, str]]:
    """(element, word, text before it on its lines) for the word ending the line that makes a
    paragraph's first run longer than MAX_RUN; `document` is a rendered WeasyPrint Document."""
    found = []
    for page in document.pages:
        for block in _paragraphs(page._page_box):
            lines = [line for line in block.children if isinstance(line, boxes.LineBox)]
            run = 0
            for index, line in enumerate(lines):
                last = _last_text(line)
                if last is None or not last.text.endswith(last.style["hyphenate_character"]):
                    run = 0
                    continue
                run += 1
                following = _first_text(lines[index + 1]) if index + 1 < len(lines) else None
                if run > MAX_RUN and following is not None:
                    found.append(_split_word(block, lines, index, last, following))
                    break
    return [item for item in found if item is not None]


def _paragraphs(box):
    """Block containers holding lines, in document order."""
    children = getattr(box, "children", [])
    if any(isinstance(child, boxes.LineBox) for child in children):
        yield box
        return
    for child in children:
        yield from _paragraphs(child)
    footnote_area = getattr(box, "footnote_area", None)
    if footnote_area is not None:
        yield from _paragraphs(footnote_area)


def _leaves(box):
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _leaves(child)


def _last_text(line):
    leaves = list(_leaves(line))
    return leaves[-1] if leaves else None


def _first_text(line):
    return next(_leaves(line), None)


_WORD_END = re.compile(r"(\w+)$")
_WORD_START = re.compile(r"^(\w+)")


def _split_word(block, lines, index, last, following):
    """The whole word broken after line `index`, its element, and the element's text up to it."""
    hyphen = last.style["hyphenate_character"]
    head = _WORD_END.search(last.text[: -len(hyphen)])
    tail = _WORD_START.match(following.text)
    if head is None or tail is None or following.element is not last.element:
        return None
    parts = []
    for line in lines[:index]:
        ends = _last_text(line)
        for leaf in _leaves(line):
            if leaf.element is last.element:
                parts.append(leaf.text.removesuffix(hyphen) if leaf is ends else leaf.text)
        if ends is None or not ends.text.endswith(hyphen):
            parts.append(" ")  # a line break between words
    parts += [
        leaf.text for leaf in _leaves(lines[index]) if leaf.element is last.element and leaf is not last
    ]
    parts.append(last.text[: head.start()])
    return last.element, head.group(1) + tail.group(1), "".join(parts)


def keep_whole(element, word: str, before: str) -> bool:
    """Wrap the occurrence of `word` after `before` (the element's own text, in layout order,
    spaces collapsed) in a span that is not hyphenated. False if it cannot be found."""
    count = len(re.findall(rf"\b{re.escape(word)}\b", before))
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    seen = 0
    # The element's own text nodes, in order: its text, then the tail of each child.
    slots = [(None, element.text)] + [(child, child.tail) for child in element]
    for child, text in slots:
        for match in pattern.finditer(text or ""):
            if seen == count:
                span = ElementTree.Element("span", {"style": "hyphens: manual"})
                span.text = match.group()
                span.tail = text[match.end() :]
                if child is None:
                    element.text = text[: match.start()]
                    element.insert(0, span)
                else:
                    child.tail = text[: match.start()]
                    element.insert(list(element).index(child) + 1, span)
                return True
            seen += 1
    return False


def render_within_limits(html, render):
    """`render(html)` until no paragraph has more than MAX_RUN hyphenated lines in a row (or
    MAX_PASSES layouts); returns the last Document."""
    document = render(html)
    for _ in range(MAX_PASSES - 1):
        runs = hyphenated_runs(document)
        changed = [keep_whole(element, word, before) for element, word, before in runs]
        if not any(changed):
            break
        # WeasyPrint reads the tree through a cssselect2 wrapper, which caches children: rewrap.
        html.wrapper_element = cssselect2.ElementWrapper.from_html_root(
            html.etree_element, content_language=None
        )
        document = render(html)
    return document
