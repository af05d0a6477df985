"""The inline content of a Word paragraph as the importer's inline items: runs with their direct
formatting and character styles, links, line breaks, pictures, footnote references, fields
(simple and complex, nested), and what tracked changes and comments hold."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefexport.importer import citations, ir
from briefexport.importer.archive import Package
from briefexport.importer.drawings import DrawingReader
from briefexport.importer.wordml import (
    M_NS,
    MC_NS,
    R_NS,
    Styles,
    local,
    on,
    text_of,
    w,
    wval,
)
from briefexport.writers.docx import styles as names

MAX_INSTRUCTION = 2 * 1024 * 1024  # characters of a field's code kept (a citation's data included)
_HIDDEN_FIELDS = {"SEQ", "PAGE", "NUMPAGES", "SECTIONPAGES", "TOC", "XE", "TC"}
_CONTAINERS = {"smartTag", "customXml", "bdo", "dir", "sdtContent"}


@dataclass
class Change:
    paragraph: int
    kind: str  # "insertion", "deletion", "formatting"...
    text: str
    author: str


@dataclass
class Comment:
    author: str
    text: str
    paragraph: int = 0
    anchor: list[str] = field(default_factory=list)


@dataclass
class _Field:
    instruction: str = ""
    result: bool = False  # past w:fldChar separate
    kind: str = ""
    start: int = 0  # where its result begins among the paragraph's items (a REF's is replaced)


class InlineReader:
    """Reads paragraphs of one part (the body, or the footnotes) of a package."""

    def __init__(
        self,
        package: Package,
        part: str,
        styles: Styles,
        accept: bool,
        changes: list[Change],
        comments: dict[str, Comment],
    ):
        self.package, self.part, self.styles, self.accept = package, part, styles, accept
        self.rels = package.relationships(part)
        self.changes, self.comments = changes, comments
        self.paragraph = 0  # number of the paragraph being read, for messages
        self.bookmarks: dict[str, str] = {}  # bookmark name -> footnote id cited right after it
        self._pending_bookmarks: list[str] = []
        self._open_comments: set[str] = set()
        self._fields: list[_Field] = []
        self.items: list = []
        self.names: list[str] = []  # the bookmarks started in the paragraph being read
        self.boxes: list = []  # text boxes anchored in it (w:txbxContent), read after it
        self.notices: list[tuple[int, str]] = []  # (paragraph, what the import warns about)
        self.links: list[tuple[int, str, str]] = []  # (paragraph, bookmark, text): links inside
        self.drawings = DrawingReader(package, self.rels)
        self.sequences: list[str] = []  # the SEQ fields in it ("Figure", "Table": a caption's)
        self.numbers_shown = False  # a manuscript's: SEQ results kept, their place in `sequence_span`
        self.sequence_span: tuple[int, int] | None = None  # the first SEQ's number among the items

    # -- paragraphs ------------------------------------------------------------------------

    def read(self, p, number: int) -> list:
        """The inline items of paragraph `p` (raw: normalize them with ir.normalize)."""
        self.paragraph = number
        self.items = []
        self._fields = []
        self.names = []
        self.boxes = []
        self.sequences = []
        self.sequence_span = None
        self.content(p, None)
        return self.items

    def content(self, node, link: str | None) -> None:
        for child in node:
            tag = local(child)
            if tag == "r":
                self.run(child, link)
            elif tag == "hyperlink":
                target = self.hyperlink(child)
                if target and target.startswith("#"):
                    self.links.append((self.paragraph, target[1:], text_of(child)))
                self.content(child, target or link)
            elif tag in ("ins", "moveTo"):
                self.revision(child, "insertion")
                self.content(child, link)
            elif tag in ("del", "moveFrom"):
                self.revision(child, "deletion")
            elif tag == "fldSimple":
                self.field_begin(child.get(w("instr"), ""))
                self.fields_separate()
                self.content(child, link)
                self.field_end()
            elif tag in _CONTAINERS or tag == "sdt":
                self.content(child.find(w("sdtContent")) if tag == "sdt" else child, link)
            elif tag == "bookmarkStart":
                self._pending_bookmarks.append(child.get(w("name"), ""))
                self.names.append(child.get(w("name"), ""))
            elif tag == "commentRangeStart":
                self._open_comments.add(child.get(w("id"), ""))
            elif tag == "commentRangeEnd":
                self._open_comments.discard(child.get(w("id"), ""))
            elif tag in ("oMath", "oMathPara"):
                self.text("".join(t.text or "" for t in child.iter(f"{{{M_NS}}}t")), ir.NO_FLAGS, link)
            elif tag == "AlternateContent":
                choice = child.find(f"{{{MC_NS}}}Fallback")
                self.content(choice if choice is not None else [], link)

    def revision(self, node, kind: str) -> None:
        text = "".join(t.text or "" for t in node.iter(w("t"), w("delText")))
        self.changes.append(Change(self.paragraph, kind, text, node.get(w("author"), "")))

    def hyperlink(self, node) -> str | None:
        """The link's target: its relationship's (a file or URL), with its `w:anchor` (a bookmark
        there) when it has both, as `first-brief.docx#sec_2`; a bookmark of this document alone."""
        rid = node.get(f"{{{R_NS}}}id")
        anchor = node.get(w("anchor"))
        if rid and rid in self.rels:
            target = self.rels[rid].target
            return f"{target}#{anchor}" if anchor and "#" not in target else target
        return f"#{anchor}" if anchor else None

    # -- runs ------------------------------------------------------------------------------

    def run(self, r, link: str | None) -> None:
        props = r.find(w("rPr"))
        flags, code = self.formatting(props)
        if props is not None and props.find(w("rPrChange")) is not None:
            self.changes.append(
                Change(
                    self.paragraph,
                    "formatting",
                    "".join(t.text or "" for t in r.iter(w("t"))),
                    props.find(w("rPrChange")).get(w("author"), ""),
                )
            )
        for child in r:
            tag = local(child)
            if tag == "t":
                self.text(child.text or "", flags, link, code)
            elif tag == "instrText":
                field = self._fields[-1] if self._fields else None
                if field is not None and not field.result and len(field.instruction) <= MAX_INSTRUCTION:
                    field.instruction += (child.text or "")[: MAX_INSTRUCTION + 1 - len(field.instruction)]
            elif tag == "fldChar":
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    self.field_begin("")
                elif kind == "separate":
                    self.fields_separate()
                elif kind == "end":
                    self.field_end()
            elif tag == "tab":
                self.text("\t", flags, link, code)
            elif tag in ("br", "cr"):
                if child.get(w("type"), "textWrapping") == "textWrapping" and self.visible():
                    self.items.append(ir.Break(link))
            elif tag == "ruby":  # East Asian phonetic guide: the base text, the reading after it
                self.content(child.find(w("rubyBase")) if child.find(w("rubyBase")) is not None else [], link)
                reading = "".join(t.text or "" for t in child.iter(w("rt")) for t in t.iter(w("t")))
                self.text(f"({reading})" if reading else "", flags, link, code)
            elif tag == "noBreakHyphen":
                self.text("\u2011", flags, link, code)
            elif tag == "softHyphen":
                self.text("\u00ad", flags, link, code)
            elif tag == "sym":
                char = (
                    int(child.get(w("char"), "0"), 16)
                    if re.fullmatch(r"[0-9A-Fa-f]{1,6}", child.get(w("char"), ""))
                    else 0
                )
                symbol = chr(char - 0xF000 if char >= 0xF000 else char) if char else ""
                if symbol.isprintable() and not 0x80 <= ord(symbol) < 0xA0:
                    self.text(symbol, flags, link, code)
                elif char:  # a glyph of a symbol font with no Unicode character of its own
                    self.notices.append(
                        (self.paragraph, f"a symbol ({child.get(w('font'), '')} {char:04X}) was left out")
                    )
            elif tag in ("drawing", "pict", "object") and self.visible():
                self.drawing(child, link)
            elif tag == "footnoteReference" and self.visible():
                note = child.get(w("id"), "")
                for name in self._pending_bookmarks:
                    self.bookmarks[name] = note
                self._pending_bookmarks = []
                self.items.append(ir.NoteRef(f"w:{note}", link))
            elif tag == "endnoteReference" and self.visible():
                self.items.append(ir.NoteRef(f"w:e{child.get(w('id'), '')}", link))
            elif tag == "AlternateContent":
                self.run(
                    child.find(f"{{{MC_NS}}}Fallback")
                    if child.find(f"{{{MC_NS}}}Fallback") is not None
                    else [],
                    link,
                )

    def formatting(self, props) -> tuple[frozenset, bool]:
        """(flags, is code) of a run: direct formatting, and the character styles that mean it."""
        if props is None:
            return ir.NO_FLAGS, False
        flags = set()
        chain = self.styles.chain(wval(props, "rStyle")) if props.find(w("rStyle")) is not None else []
        if on(props, "b") or names.STRONG.lower() in chain:
            flags.add("bold")
        if on(props, "i") or names.EMPHASIS.lower() in chain:
            flags.add("italic")
        if on(props, "strike") or on(props, "dstrike"):
            flags.add("strike")
        vert = wval(props, "vertAlign")
        if vert in ("superscript", "subscript") and names.NOTE_MARK.lower() not in chain:
            flags.add("sup" if vert == "superscript" else "sub")
        return frozenset(flags), names.CODE_CHAR.lower() in chain

    def text(self, value: str, flags: frozenset, link: str | None, code: bool = False) -> None:
        if not value or not self.visible():
            return
        field = next((f for f in reversed(self._fields) if f.kind == "HYPERLINK"), None)
        if field is not None and link is None:
            link = hyperlink_target(field.instruction)
        for comment in self._open_comments:
            if comment in self.comments:
                self.comments[comment].anchor.append(value)
        self.items.append(ir.Code(value, flags, link) if code else ir.Text(value, flags, link))

    # -- fields ----------------------------------------------------------------------------

    def visible(self) -> bool:
        """Text is shown unless it is a field's instruction or the result of a field Word computes."""
        return all(
            f.result
            and (f.kind not in _HIDDEN_FIELDS or (f.kind == "SEQ" and self.numbers_shown))
            and f.kind != "NOTEREF"
            for f in self._fields
        )

    def field_begin(self, instruction: str) -> None:
        self._fields.append(_Field(instruction))

    def fields_separate(self) -> None:
        if not self._fields:
            return
        field = self._fields[-1]
        field.result = True
        words = field.instruction.split()
        field.kind = words[0].upper() if words else ""
        field.start = len(self.items)
        if field.kind == "NOTEREF" and len(words) > 1 and all(f.result for f in self._fields[:-1]):
            self.items.append(ir.NoteRef(f"bookmark:{words[1]}"))
        if field.kind == "SEQ" and len(words) > 1:
            self.sequences.append(words[1])

    def field_end(self) -> None:
        if self._fields:
            field = self._fields.pop()
            if not field.result:  # a field without a result part: its instruction was all there was
                self._fields.append(field)
                self.fields_separate()
                self._fields.pop()
            if field.kind == "SEQ" and self.sequence_span is None:
                self.sequence_span = (field.start, len(self.items))
            if field.kind == "ADDIN":
                self.citation(field.instruction)
            words = field.instruction.split()
            if field.kind == "REF" and len(words) > 1 and self.visible():
                self.cross_reference(field, words[1])

    def cross_reference(self, field: _Field, bookmark: str) -> None:
        """A REF field (Insert Cross-reference): the words it shows become a cross-reference to the
        bookmark (named later: importer/targets.py), kept as shown when it is no caption's."""
        shown = self.items[field.start :]
        capital = bool(re.search(r"\\\*\s*(FirstCap|Caps)", field.instruction, re.IGNORECASE))
        self.items[field.start :] = [ir.XRef(f"bookmark:{bookmark}", capital, None, ir.plain(shown))]
        self.links.append((self.paragraph, bookmark, ir.plain(shown)))

    def citation(self, instruction: str) -> None:
        """A reference manager's field: its shown text is kept (citations.py: the seam), and one
        whose data cannot be read is named."""
        if len(instruction) > MAX_INSTRUCTION:
            self.notices.append((self.paragraph, "a field's code is over 2 MB: its shown text is kept"))
            return
        try:
            citations.parse(instruction)
        except citations.Unreadable as exc:
            self.notices.append((self.paragraph, f"a citation field cannot be read: {exc}; its text is kept"))

    # -- pictures, shapes, text boxes --------------------------------------------------------

    def drawing(self, node, link: str | None) -> None:
        drawn = self.drawings.read(node, link)
        self.items.extend(drawn.items)
        self.boxes.extend(drawn.boxes)
        self.notices.extend((self.paragraph, notice) for notice in drawn.notices)


def hyperlink_target(instruction: str) -> str | None:
    """The target of a HYPERLINK field: `HYPERLINK "url"`, `HYPERLINK \\l "anchor"` (a bookmark of
    this document), or both, `HYPERLINK "first-brief.docx" \\l "sec_2"` (a bookmark in that file:
    how LibreOffice saves a link to another draft's heading) -> `first-brief.docx#sec_2`."""
    anchor = re.search(r'\\l\s+"([^"]*)"', instruction)
    url = re.search(r'HYPERLINK\s+"([^"]*)"', instruction, re.IGNORECASE)
    if url and anchor:
        return f"{url.group(1)}#{anchor.group(1)}"
    if anchor:
        return "#" + anchor.group(1)
    return url.group(1) if url else None
