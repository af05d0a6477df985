"""The Word reference document: where DOCX styles come from, checked before anything is written.

`layouts/docx/reference.docx` (the project's, else the packaged one) is a Word file a designer
restyles in Word, like Pandoc's --reference-doc. Every style the writer uses must exist in it
with the right type, and the two list styles must carry numbering; anything missing is a
located error naming the style, never a silently unstyled paragraph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from briefexport.errors import ContentError, Diagnostic
from briefexport.writers.docx.oxml import qn

# Every style the writer uses: Word's built-in names (as Word stores them, compared without
# regard to case) and the brief-specific ones.
REQUIRED_STYLES: dict[str, str] = {
    "Normal": "paragraph",
    "Body Text": "paragraph",
    "Brief Lead": "paragraph",
    "Title": "paragraph",
    "Subtitle": "paragraph",
    "Brief Series": "paragraph",
    "Brief Edition": "paragraph",
    "Brief Number": "paragraph",
    "Brief Draft": "paragraph",
    "Brief Author": "paragraph",
    "Brief Date": "paragraph",
    "Heading 1": "paragraph",
    "Heading 2": "paragraph",
    "Heading 3": "paragraph",
    "Quote": "paragraph",
    "List Bullet": "paragraph",
    "List Bullet 2": "paragraph",
    "List Number": "paragraph",
    "List Number 2": "paragraph",
    "List Continue": "paragraph",
    "List Continue 2": "paragraph",
    "Source Code": "paragraph",
    "Figure": "paragraph",
    "Caption": "paragraph",
    "Brief Table Text": "paragraph",
    "Brief Bio": "paragraph",
    "Brief Colophon": "paragraph",
    "Header": "paragraph",
    "Footer": "paragraph",
    "Footnote Text": "paragraph",
    "Footnote Reference": "character",
    "Hyperlink": "character",
    "Strong": "character",
    "Verbatim Char": "character",
    "Brief Institute": "character",
    "Brief Role": "character",
    "Brief Table": "table",
}
LIST_STYLES = ("List Bullet", "List Number")
# The styles of boxes (writers/docx/boxes.py), needed by a brief with boxes only: a reference
# document made before boxes existed still serves every other brief. Checked for their type at
# load; a brief with a box and a reference without them is a located error at the box.
BOX_STYLES: dict[str, str] = {
    "Key Points": "paragraph",
    "Box Title": "paragraph",
    "Box Text": "paragraph",
    "Pull Quote": "paragraph",
}


@dataclass
class Reference:
    """A checked reference document: its bytes and what the writer needs to know about it."""

    path: Path
    shown: str
    data: bytes
    style_ids: dict[str, str]  # REQUIRED_STYLES name -> styleId
    text_size: tuple[int, int]  # width and height inside the page's margins, in EMU
    list_nums: dict[str, tuple[int, int]] = field(default_factory=dict)  # style -> (numId, abstractNumId)

    def style(self, name: str) -> str:
        """The styleId of a required style (a name not in REQUIRED_STYLES is a programming error),
        or of a box style the reference has (BOX_STYLES)."""
        return self.style_ids[name]

    def has(self, name: str) -> bool:
        return name in self.style_ids

    def new_document(self) -> DocumentObject:
        """A fresh document from the reference: its styles, numbering, theme, page setup and
        running-head parts, with the specimen body removed."""
        document = Document(io.BytesIO(self.data))
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        part = document.part
        for rid, rel in list(part.rels.items()):
            if rel.reltype in (RT.HYPERLINK, RT.IMAGE):
                part.drop_rel(rid)  # the specimens' links and pictures, now unreferenced
        return document


# The reference.docx last checked, by its file's version (path, mtime, ctime, size, inode): kept
# across runs and correct across them by construction, since an edited file is a new key (and
# the only entry: the old one goes).
_CACHE: dict[tuple, Reference] = {}


def load(layout) -> Reference:
    """The layout's reference.docx, checked (cached per file version: a build reads it once)."""
    path = layout.find("docx/reference.docx")
    shown = layout.project.display(path)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = check(path, shown, path.read_bytes())
    return _CACHE[key]


def check(path: Path, shown: str, data: bytes) -> Reference:
    def problem(message: str) -> Diagnostic:
        return Diagnostic(shown, 0, 0, f"reference.docx: {message}")

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, KeyError, ValueError, XMLSyntaxError...: all mean the same
        raise ContentError(problem(f"not a Word document ({type(exc).__name__}: {exc})")) from None

    found: dict[str, tuple[str, str]] = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")):
            found.setdefault(
                name.get(qn("w:val")).lower(), (style.get(qn("w:styleId")), style.get(qn("w:type")))
            )

    problems, ids = [], {}
    for name, kind in {**REQUIRED_STYLES, **BOX_STYLES}.items():
        entry = found.get(name.lower())
        if entry is None and name in BOX_STYLES:
            continue
        if entry is None:
            problems.append(problem(f"missing style `{name}`"))
        elif entry[1] != kind:
            problems.append(
                problem(f"style `{name}` is a {entry[1]} style; the DOCX writer needs a {kind} style")
            )
        else:
            ids[name] = entry[0]
    if problems:
        raise ContentError(problems)

    text_size = text_area(document)
    if text_size is None:
        problems.append(
            problem(
                "its page has no size and margins to lay the text out in "
                "(in Word: Layout > Size and Layout > Margins)"
            )
        )

    list_nums = {}
    for name in LIST_STYLES:
        numbers = list_numbering(document, ids[name])
        if numbers is None:
            problems.append(
                problem(f"style `{name}` has no list numbering (in Word: Modify Style > Format > Numbering)")
            )
        else:
            list_nums[name] = numbers
    if problems or text_size is None:
        raise ContentError(problems)
    return Reference(
        path=path, shown=shown, data=data, style_ids=ids, text_size=text_size, list_nums=list_nums
    )


def text_area(document: DocumentObject) -> tuple[int, int] | None:
    """The width and height between the margins of the document's last section (the one its
    body's sectPr sets up, where the brief's text goes), in EMU; None when it does not set them."""
    if document.element.body.sectPr is None:
        return None
    section = document.sections[-1]
    width, height = section.page_width, section.page_height
    left, right, top, bottom = (
        section.left_margin,
        section.right_margin,
        section.top_margin,
        section.bottom_margin,
    )
    if width is None or height is None or left is None or right is None or top is None or bottom is None:
        return None
    return int(width - left - right), int(height - top - bottom)


def list_numbering(document: DocumentObject, style_id: str | None) -> tuple[int, int] | None:
    """(numId, abstractNumId) of a paragraph style's numbering, following basedOn."""
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.get(style_id)
        if style is None:
            return None
        num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num is not None:
            num_id = int(num.get(qn("w:val")))
            if num_id == 0:
                return None  # numId 0 means "numbering removed"
            try:
                numbering = document.part.numbering_part.element
            except NotImplementedError:
                # no numbering part: python-docx then tries NumberingPart.new(), which it leaves
                # unimplemented; a reference without one has no list numbering to give
                return None
            for candidate in numbering.findall(qn("w:num")):
                if int(candidate.get(qn("w:numId"))) == num_id:
                    abstract = candidate.find(qn("w:abstractNumId"))
                    return (num_id, int(abstract.get(qn("w:val")))) if abstract is not None else None
            return None
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return None
