"""The parts of the PDF/UA structure tree that WeasyPrint 70 does not make (its pdf/tags.py):

- a passage in another language (`lang` on an element, e.g. the original's Korean title in an
  English summary) gets /Lang on its structure element; WeasyPrint sets only the catalog's /Lang;
- a footnote (`span.footnote`, floated to the foot of the page) is a /Note with an /ID, its number
  (`span.footnote-number`) a /Lbl; WeasyPrint tags them /Span and /NonStruct;
- a link's description (/Contents of its annotation) is its `title` when it has one, e.g.
  "Footnote 3" for a footnote call, instead of WeasyPrint's link target ("fn-3");
- a bibliography entry (`p.bibliography-entry`) is a /BibEntry; WeasyPrint tags it /P;
- a table header cell gets /Scope (Column, or Row for `scope="row"`), as WeasyPrint's own header
  association assumes; WeasyPrint gives /ID and /Headers only;
- an empty pseudo-element (WeasyPrint's footnote call and marker, switched off in the layout,
  since the HTML carries both) is left out of the tree;
- a list item's marker, which the layout draws as `li::before` text (so that text extraction
  meets it in reading order), is a /Lbl beside the item's /LBody; WeasyPrint puts it inside the
  /LBody as /NonStruct.

These need what only the HTML knows (an element's `lang`, its class, its attributes), which the
finished PDF no longer holds, so the tree cannot be mended afterwards: a wrapper around
WeasyPrint's tree builder (`weasyprint.pdf.tags._build_box_tree`, pinned by `weasyprint>=70,<71`)
adds them while the tree is built, from the box and element of each structure element. It is
installed only while our writer makes a PDF.
"""

from __future__ import annotations

from contextlib import contextmanager

import pydyf
from weasyprint.pdf import tags as weasy_tags

_build = weasy_tags._build_box_tree


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _complete(box, element, parent, lists: dict) -> None:
    """Add to `element` (the structure element WeasyPrint made for `box`) what the HTML says."""
    html = box.element
    tag = box.element_tag or ""
    if html is None or tag in ("html", "body"):
        return
    if tag == "li::before":
        element["S"] = "/Lbl"
        lists[id(html)] = (element, parent)
        return
    if "::" in tag:
        return
    if html.get("lang") and element["S"] != "/LBody":
        element["Lang"] = pydyf.String(html.get("lang"))
    classes = _classes(html)
    if tag == "span" and "footnote" in classes:
        element["S"] = "/Note"
        element["ID"] = pydyf.String(html.get("id") or "")
    elif tag == "span" and "footnote-number" in classes:
        element["S"] = "/Lbl"
    elif tag == "p" and "bibliography-entry" in classes:
        element["S"] = "/BibEntry"
    elif element["S"] == "/TH":
        element["A"]["Scope"] = "/Row" if html.get("scope") == "row" else "/Column"
    elif element["S"] == "/LI" and id(html) in lists:
        label, holder = lists.pop(id(html))
        holder["K"].remove(label.reference)
        element["K"].insert(0, label.reference)
        label["P"] = element.reference
    if box.link_annotation is not None and html.get("title"):
        box.link_annotation["Contents"] = pydyf.String(html.get("title"))


@contextmanager
def complete_structure():
    """While active, WeasyPrint's structure tree gets what `_complete` adds."""
    lists: dict = {}

    def build(box, parent, *args):
        for element in _build(box, parent, *args):  # html, body and pages pass their children's on
            if "::" in (box.element_tag or "") and not element["K"]:
                continue  # an empty pseudo-element (the switched-off footnote call and marker)
            _complete(box, element, parent, lists)
            yield element

    weasy_tags._build_box_tree = build
    try:
        yield
    finally:
        weasy_tags._build_box_tree = _build
