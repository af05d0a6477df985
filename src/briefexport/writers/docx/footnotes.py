"""Real Word footnotes.

Why this module exists: python-docx 1.2 has no footnote API. A Word footnote needs three
things python-docx cannot make: the `word/footnotes.xml` part (with the separator and
continuation-separator notes Word expects at ids -1 and 0), a `w:footnote` element per note
whose first paragraph starts with a `w:footnoteRef` mark, and a `w:footnoteReference` run in
the body pointing at the note's id. Word numbers the notes itself, in reference order.

The part is taken from the reference document when it has one (keeping the designer's
separators, dropping any sample notes), else made here.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from lxml import etree

from briefexport.writers.docx.oxml import el, parse_xml, part_xml, qn, replace_part

_EMPTY = """<w:footnotes %s>
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""
_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
# Elements that follow w:footnotePr in w:settings (schema order), to insert it before them.
_AFTER_FOOTNOTE_PR = (
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:decimalSymbol",
    "w:listSeparator",
)


class Footnotes:
    """The document's footnotes part; `add()` makes a note, `reference()` the run that cites it."""

    def __init__(self, document: Document, text_style: str, mark_style: str):
        self.text_style = text_style
        self.mark_style = mark_style
        owner = document.part
        root = part_xml(owner, RT.FOOTNOTES)
        if root is None:
            root = parse_xml((_EMPTY % _NS).encode())
            self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, owner.package)
            owner.relate_to(self.part, RT.FOOTNOTES)
            _declare_separators(document)
        else:
            for note in root.findall(qn("w:footnote")):
                if note.get(qn("w:type")) in (None, "normal"):
                    root.remove(note)  # the reference document's specimen notes
            self.part = replace_part(owner, RT.FOOTNOTES, root)
        self.root: etree._Element = root

    def add(self, note_id: int) -> etree._Element:
        """An empty w:footnote with Word id `note_id` (>= 1); fill it, then call `finish()`."""
        note = el("w:footnote", {"w:id": note_id})
        self.root.append(note)
        return note

    def mark(self) -> etree._Element:
        """The run that shows the note's number at the start of the note itself."""
        return el(
            "w:r", None, el("w:rPr", None, el("w:rStyle", {"w:val": self.mark_style})), el("w:footnoteRef")
        )

    def reference(self, note_id: int) -> etree._Element:
        """The run in the text that cites note `note_id`."""
        return el(
            "w:r",
            None,
            el("w:rPr", None, el("w:rStyle", {"w:val": self.mark_style})),
            el("w:footnoteReference", {"w:id": note_id}),
        )

    def finish(self, note: etree._Element) -> None:
        """Start the note's first paragraph with its mark and a space (a note needs a paragraph)."""
        first = note.find(qn("w:p"))
        if first is None:
            first = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": self.text_style})))
            note.insert(0, first)
        props = first.find(qn("w:pPr"))
        position = 1 if props is not None else 0
        first.insert(position, self.mark())
        space = el("w:r", None, el("w:t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}))
        space[0].text = " "
        first.insert(position + 1, space)
        if note[-1].tag != qn("w:p"):
            note.append(el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": self.text_style}))))


def _declare_separators(document: Document) -> None:
    """w:settings/w:footnotePr names the separator notes, as Word writes it."""
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    declaration = el("w:footnotePr", None, el("w:footnote", {"w:id": -1}), el("w:footnote", {"w:id": 0}))
    later = {qn(tag) for tag in _AFTER_FOOTNOTE_PR}
    for child in settings:
        if child.tag in later:
            child.addprevious(declaration)
            return
    settings.append(declaration)
