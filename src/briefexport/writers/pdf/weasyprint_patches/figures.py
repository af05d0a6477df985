"""Figures too tall for the rest of their page. A figure is never split (`break-inside: avoid`), so
one that does not fit moves to the next page whole and leaves the rest of its page blank: a third
of page 1 in the report that found it. Print layouts float such a figure to the top of the next
page and let the text after it fill the page; CSS says `float: top` for that, and WeasyPrint 70 has
no page floats. Hand-written, after layout, as the hyphenation limit is (hyphenation.py beside it):

- a figure (of the body, not inside a box or list) that starts a page, alone or under its heading,
  after a page left blank over MIN_BLANK of its height, is shrunk to fit that blank when it fits
  at MIN_SCALE of its width or more (it stays by its text);
- else the paragraphs and lists that follow it move before it, as many as fill the blank (the last
  one may run on to the next page), so the figure comes right after them, near the next page's
  top; headings, tables, boxes and other figures stay where they are;
- the document is laid out again, and kept only if it has no more pages than before.

The EPUB and the web edition flow, so their figures stay where the brief has them; so does the
print HTML (`--format html`), which shows the brief before this step.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import cssselect2
from weasyprint.formatting_structure import boxes

MIN_BLANK = 0.12  # of the page area's height: smaller blanks are a page's ordinary end
MIN_SCALE = 0.8  # a figure is shrunk to fit no further than this (of its width and height)
MOVABLE = {"p", "ul", "ol", "dl", "blockquote"}  # what may move before a figure
HEADINGS = {"h2", "h3", "h4"}
MAX_PASSES = 3


@dataclass
class _Change:
    undo: Callable[[], None]


def placed_figures(html, render: Callable, document):
    """`document` (laid out from `html` by `render`) with every figure that left a page blank
    shrunk or moved down; the document laid out last."""
    for _ in range(MAX_PASSES):
        changes = [change for change in map(_place, _stranded(document)) if change is not None]
        if not changes:
            break
        _rewrap(html)
        placed = render(html)
        if len(placed.pages) > len(document.pages):  # worse: put everything back
            for change in reversed(changes):
                change.undo()
            _rewrap(html)
            break
        document = placed
    return document


@dataclass
class _Stranded:
    figure: boxes.Box  # the figure's box, first on its page (or under its heading)
    after: list[boxes.Box]  # the boxes that follow it on that page, in order
    blank: float  # the blank at the foot of the page before, in CSS px
    parent: Element  # the element of the brief's body, which holds the figure


def _stranded(document) -> list[_Stranded]:
    found = []
    for previous, page in zip(document.pages, document.pages[1:], strict=False):
        body = _body(page._page_box)
        before = _body(previous._page_box)
        if body is None or before is None or not before.children:
            continue
        children = [child for child in body.children if isinstance(child, boxes.BlockLevelBox)]
        index = 1 if children and children[0].element_tag in HEADINGS else 0
        if len(children) <= index or not _is_figure(children[index]):
            continue
        blank = _page_bottom(previous._page_box) - _bottom(before.children[-1])
        if blank > MIN_BLANK * previous._page_box.height:
            found.append(_Stranded(children[index], children[index + 1 :], blank, body.element))
    return found


def _place(stranded: _Stranded) -> _Change | None:
    return _shrink(stranded) or _move_down(stranded)


def _shrink(stranded: _Stranded) -> _Change | None:
    """The picture scaled so that the figure fits the blank, if it may be scaled that far."""
    picture = next((box for box in _descendants(stranded.figure) if isinstance(box, boxes.ReplacedBox)), None)
    if picture is None or picture.element_tag != "img" or not picture.height:
        return None
    excess = stranded.figure.margin_height() - stranded.blank + 2  # 2 px to spare for rounding
    scale = 1 - excess / picture.height
    if scale < MIN_SCALE:
        return None
    element = picture.element
    before = element.get("style")
    width = math.floor(scale * 1000) / 10
    element.set("style", f"width: {width}%")  # left-aligned, as its caption is

    def undo() -> None:
        if before is None:
            del element.attrib["style"]
        else:
            element.set("style", before)

    return _Change(undo)


def _move_down(stranded: _Stranded) -> _Change | None:
    """The figure moved after the blocks that follow it, as many as fill the blank."""
    moved, height = [], 0.0
    for box in stranded.after:
        if box.element_tag not in MOVABLE or height >= stranded.blank:
            break
        moved.append(box.element)
        height += box.margin_height()
    if not moved:
        return None
    figure, parent = stranded.figure.element, stranded.parent
    if any(element not in list(parent) for element in [figure, *moved]):
        return None
    index = list(parent).index(figure)
    parent.remove(figure)
    parent.insert(list(parent).index(moved[-1]) + 1, figure)

    def undo() -> None:
        parent.remove(figure)
        parent.insert(index, figure)

    return _Change(undo)


# --- boxes and elements -------------------------------------------------------------------------


def _rewrap(html) -> None:
    """WeasyPrint reads the tree through a cssselect2 wrapper, which caches children: rewrap it."""
    html.wrapper_element = cssselect2.ElementWrapper.from_html_root(html.etree_element, content_language=None)


def _is_figure(box) -> bool:
    return box.element_tag == "figure" and "figure" in (box.element.get("class") or "").split()


def _body(page_box):
    """The box of the brief's body (`div.body`) on a page, or None."""
    for box in _descendants(page_box):
        if (
            isinstance(box, boxes.BlockBox)
            and box.element_tag == "div"
            and "body" in (box.element.get("class") or "").split()
        ):
            return box
    return None


def _descendants(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _descendants(child)


def _bottom(box) -> float:
    return box.position_y + box.margin_height()


def _page_bottom(page_box) -> float:
    """The foot of the page area, above the footnotes when the page has any."""
    bottom = page_box.content_box_y() + page_box.height
    notes = getattr(page_box, "footnote_area", None)
    if notes is not None and notes.children:
        bottom -= notes.margin_height()
    return bottom
