"""The parts of the PDF/UA structure tree that WeasyPrint 70 does not make (its pdf/tags.py):

- a passage in another language (`lang` on an element, e.g. the original's Korean title in an
  English summary) gets /Lang on its structure element; WeasyPrint sets only the catalog's /Lang;
- a footnote (`span.footnote`, floated to the foot of the page) is a /Note with an /ID, its number
  (`span.footnote-number`) a /Lbl; WeasyPrint tags them /Span and /NonStruct;
- a link's description (/Contents of its annotation) is its `title` when it has one, e.g.
  "Footnote 3" for a footnote call, instead of WeasyPrint's link target ("fn-3");
- a table header cell gets /Scope (Column, or Row for `scope="row"`), as WeasyPrint's own header
  association assumes; WeasyPrint gives /ID and /Headers only;
- an empty pseudo-element (WeasyPrint's footnote call and marker, switched off in the layout,
  since the HTML carries both) is left out of the tree;
- a list item's marker, which the layout draws as `li::before` text (so that text extraction
  meets it in reading order), is a /Lbl beside the item's /LBody; WeasyPrint puts it inside the
  /LBody as /NonStruct;
- a figure's caption is a /Caption inside its /Figure (WeasyPrint tags `<img>` /Figure and
  leaves `<figure>` /NonStruct, the caption beside the picture); a table's is already inside;
- a box (`aside.box`) is a /Sect titled (/T) by its heading (/Aside is PDF 2.0);
- a cross-reference (`a.xref`) is a /Reference holding its /Link, the link described by its words
  ("Figure 1") rather than its target;
- a pull quote (`aside.pullquote`) repeats a sentence of the text: it is drawn as an /Artifact and
  left out of the tree, so assistive technology reads the sentence once, where it stands.

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
from weasyprint.pdf.stream import Stream

_build = weasy_tags._build_box_tree
_marked = Stream.marked


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _complete(box, element, parent, pdf, lists: dict, made: dict) -> pydyf.Dictionary:
    """Add to `element` (the structure element WeasyPrint made for `box`) what the HTML says; the
    element to put in the tree in its place (itself, or a /Reference holding it)."""
    html = box.element
    tag = box.element_tag or ""
    if html is None or tag in ("html", "body"):
        return element
    if tag == "li::before":
        element["S"] = "/Lbl"
        lists[id(html)] = (element, parent)
        return element
    if "::" in tag:
        return element
    if html.get("lang") and element["S"] != "/LBody":
        element["Lang"] = pydyf.String(html.get("lang"))
    classes = _classes(html)
    if tag == "span" and "footnote" in classes:
        element["S"] = "/Note"
        element["ID"] = pydyf.String(html.get("id") or "")
    elif tag == "span" and "footnote-number" in classes:
        element["S"] = "/Lbl"
    elif element["S"] == "/TH":
        element["A"]["Scope"] = "/Row" if html.get("scope") == "row" else "/Column"
    elif element["S"] == "/LI" and id(html) in lists:
        label, holder = lists.pop(id(html))
        holder["K"].remove(label.reference)
        element["K"].insert(0, label.reference)
        label["P"] = element.reference
    elif tag == "figure":
        _caption_into_figure(element, made)
    elif tag == "aside" and "box" in classes:
        element["S"] = "/Sect"
        title = next((child for child in html if "box-title" in _classes(child)), None)
        if title is not None:
            element["T"] = pydyf.String(" ".join("".join(title.itertext()).split()))
    if box.link_annotation is not None and html.get("title"):
        box.link_annotation["Contents"] = pydyf.String(html.get("title"))
    if tag == "a" and "xref" in classes and element["S"] == "/Link":
        return _reference(element, parent, pdf, box, html)
    return element


def _caption_into_figure(element, made: dict) -> None:
    """Move the figure's /Caption into its picture's /Figure."""
    kids = [made.get(bytes(ref)) for ref in element["K"] if isinstance(ref, bytes)]
    picture = next((k for k in kids if k is not None and k["S"] == "/Figure"), None)
    caption = next((k for k in kids if k is not None and k["S"] == "/Caption"), None)
    if picture is None or caption is None:
        return
    element["K"].remove(caption.reference)
    picture["K"].append(caption.reference)
    caption["P"] = picture.reference


def _reference(link, parent, pdf, box, html) -> pydyf.Dictionary:
    """A /Reference around a cross-reference's /Link, the link described by its words."""
    reference = pydyf.Dictionary(
        {"Type": "/StructElem", "S": "/Reference", "K": pydyf.Array([link.reference]), "P": parent.reference}
    )
    if "Pg" in link:
        reference["Pg"] = link["Pg"]
    pdf.add_object(reference)
    link["P"] = reference.reference
    words = " ".join("".join(html.itertext()).split())
    if box.link_annotation is not None and words:
        box.link_annotation["Contents"] = pydyf.String(words)
    return reference


def _decorations(document) -> set[int]:
    """The boxes of the pull quotes (by id) and of everything inside them."""
    found: set[int] = set()
    for page in document.pages:
        for box in page._page_box.descendants():  # noqa: SLF001
            html = box.element
            if (
                id(box) not in found
                and html is not None
                and box.element_tag == "aside"
                and ("pullquote" in _classes(html))
            ):
                found.update(id(inner) for inner in box.descendants())
    return found


@contextmanager
def complete_structure(document):
    """While active, WeasyPrint's structure tree of `document` gets what `_complete` adds, and its
    pull quotes are drawn as artifacts."""
    lists: dict = {}
    made: dict = {}
    decorative = _decorations(document)

    def build(box, parent, pdf, *args):
        if id(box) in decorative:
            return  # drawn as an artifact (`marked` below): not in the tree
        for element in _build(box, parent, pdf, *args):  # html, body and pages pass their children's on
            if "::" in (box.element_tag or "") and not element["K"]:
                continue  # an empty pseudo-element (the switched-off footnote call and marker)
            element = _complete(box, element, parent, pdf, lists, made)
            made[element.reference] = element
            yield element

    @contextmanager
    def marked(stream, box, tag):
        if id(box) in decorative:
            with stream.artifact():
                yield
        else:
            with _marked(stream, box, tag):
                yield

    weasy_tags._build_box_tree = build
    Stream.marked = marked
    try:
        yield
    finally:
        weasy_tags._build_box_tree = _build
        Stream.marked = _marked
