"""A Word draft's body and notes as the importer's blocks. What the DOCX writer generates is
known by its paragraph styles (writers.docx.styles) and left out; the title and subtitle are
kept apart for the front matter; the rest becomes headings, paragraphs, lists (by their list
styles or numbering), quotes, code, figures with captions, tables with their column alignment,
and footnotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefexport.importer import captions, ir
from briefexport.importer.archive import Package
from briefexport.importer.entries import Entry, group
from briefexport.importer.runs import Change, Comment, InlineReader
from briefexport.importer.tables import read_table
from briefexport.importer.wordml import Numbering, Styles, local, text_of, w, wval
from briefexport.writers.docx import styles as names

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_QUOTES = {"quote", "intense quote", "block text"}
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
_NOTES = (("footnotes", "footnote", "w:"), ("endnotes", "endnote", "w:e"))  # part, element, key prefix
MAX_BOX_DEPTH = 8  # text boxes inside text boxes: deeper ones come in as one paragraph of text
# A heading's number typed into its text ("2.1 Methods", "IV. Findings"), which Markdown does not
# keep: a number with a dot, or a dotted number, or a Roman numeral with a dot, then a space.
_TYPED_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\d+\.|[IVXLC]+\.)\s+(?=\S)")


@dataclass
class Draft:
    """What the document holds, in the importer's terms."""

    title: str | None = None
    subtitle: str | None = None
    blocks: list = field(default_factory=list)
    notes: dict[str, tuple] = field(default_factory=dict)  # "w:<id>" -> blocks
    changes: list[Change] = field(default_factory=list)
    comments: dict[str, Comment] = field(default_factory=dict)
    unknown_styles: set[str] = field(default_factory=set)
    notices: list[tuple[int, str]] = field(default_factory=list)  # (Word paragraph, warning)
    headings: dict[str, int] = field(default_factory=dict)  # bookmark -> its heading's place (1, 2...)
    links: list[tuple[int, str, str]] = field(default_factory=list)  # (paragraph, bookmark, text)


class DocumentReader:
    def __init__(self, package: Package, accept_changes: bool, foreign: bool = False):
        self.package = package
        self.foreign = foreign  # a manuscript, not a draft briefexport made
        self.accept = accept_changes
        main = package.main
        self.styles = Styles.from_xml(self._part(main, "styles"))
        self.numbering = Numbering.from_xml(self._part(main, "numbering"))
        self.draft = Draft()
        self._comments(main)
        self.paragraphs = 0
        self.heading_count = 0
        self.raw: tuple[list, tuple[int, int] | None] = ([], None)  # the paragraph's items, its SEQ
        self.caption_id = False  # the paragraph's style is Word's built-in Caption, whatever its name

    def _part(self, source: str, reltype: str):
        found = self.package.related(source, _RT + reltype)
        return self.package.xml(found[0]) if found else None

    def _comments(self, main: str) -> None:
        root = self._part(main, "comments")
        for node in root.findall(w("comment")) if root is not None else []:
            self.draft.comments[node.get(w("id"), "")] = Comment(
                node.get(w("author"), ""), text_of(node).strip()
            )

    # -- the whole document ------------------------------------------------------------------

    def read(self) -> Draft:
        root = self.package.xml(self.package.main)
        body = root.find(w("body"))
        if body is None:
            raise self.package.error("not a Word document: the main part has no body")
        self.inline = InlineReader(
            self.package, self.package.main, self.styles, self.accept, self.draft.changes, self.draft.comments
        )
        self.inline.numbers_shown = self.foreign  # a caption's label and number: captions.bare
        self.draft.blocks = self.blocks(self.elements(body), note=False)
        for part_type, element, prefix in _NOTES:
            root = self._part(self.package.main, part_type)
            if root is None:
                continue
            reader = InlineReader(
                self.package,
                self.package.related(self.package.main, _RT + part_type)[0],
                self.styles,
                self.accept,
                self.draft.changes,
                self.draft.comments,
            )
            self.inline, saved = reader, self.inline
            for note in root.findall(w(element)):
                if note.get(w("type")) in _SEPARATORS:
                    continue
                key = f"{prefix}{note.get(w('id'), '')}"
                self.draft.notes[key] = tuple(self.blocks(list(note), note=True))
            self.inline = saved
            self.draft.notices += reader.notices
        self.draft.notices += self.inline.notices
        self.draft.links += self.inline.links
        self.bookmarks = self.inline.bookmarks
        return self.draft

    def elements(self, container) -> list:
        """Block elements in order, content controls opened."""
        found = []
        for child in container:
            tag = local(child)
            if tag in ("p", "tbl"):
                found.append(child)
            elif tag == "sdt":
                content = child.find(w("sdtContent"))
                found.extend(self.elements(content) if content is not None else [])
            elif tag in ("ins", "moveTo", "customXml"):
                found.extend(self.elements(child))
        return found

    def blocks(self, elements: list, note: bool, depth: int = 0) -> list:
        return group(self.entries(elements, note, depth))

    def notice(self, paragraph: int, message: str) -> None:
        self.draft.notices.append((paragraph, message))

    def box_blocks(self, box, depth: int) -> list:
        """The blocks of a text box or shape (`w:txbxContent`); past MAX_BOX_DEPTH, its text."""
        if depth > MAX_BOX_DEPTH:
            self.notice(
                self.paragraphs, f"text boxes nested more than {MAX_BOX_DEPTH} deep come in as one paragraph"
            )
            text = " ".join(text_of(box).split())
            return [ir.Paragraph((ir.Text(text),))] if text else []
        saved = (self.inline.items, self.inline._fields, self.inline.names, self.inline.boxes)
        try:
            return self.blocks(self.elements(box), note=False, depth=depth)
        finally:
            self.inline.items, self.inline._fields, self.inline.names, self.inline.boxes = saved

    def entries(self, elements: list, note: bool, depth: int) -> list[Entry]:
        entries: list[Entry] = []
        carried: list = []  # a paragraph whose mark is deleted (accepted) joins the next one
        for index, element in enumerate(elements):
            if local(element) == "tbl":
                table = read_table(self, element, depth)
                if table is not None:
                    entries.append(Entry("block", table))
                continue
            self.paragraphs += 1
            props = element.find(w("pPr"))
            chain = self.styles.chain(wval(props, "pStyle"))
            name = chain[0] if chain else ""
            inlines = carried + self.inline.read(element, self.paragraphs)
            span = self.inline.sequence_span
            self.raw = (inlines, (span[0] + len(carried), span[1] + len(carried)) if span else None)
            carried = []
            mark = props.find(f"{w('rPr')}/{w('del')}") if props is not None else None
            if props is not None and props.find(w("pPrChange")) is not None:
                self.draft.changes.append(Change(self.paragraphs, "formatting", text_of(element)[:60], ""))
            if mark is not None:
                self.draft.changes.append(Change(self.paragraphs, "deletion", "¶", mark.get(w("author"), "")))
                if self.accept:
                    carried = inlines
                    continue
            if props is not None and props.find(f"{w('rPr')}/{w('ins')}") is not None:
                self.draft.changes.append(Change(self.paragraphs, "insertion", "¶", ""))
            boxes, number = list(self.inline.boxes), self.paragraphs
            marks = list(self.inline.names)
            entry = self.paragraph(
                element, props, chain, name, ir.normalize(inlines), elements[index + 1 :], note
            )
            if entry is not None:
                entries.append(entry)
                if entry.kind == "block" and isinstance(entry.block, ir.Heading):
                    self.heading_count += 1
                    self.draft.headings.update(dict.fromkeys(marks, self.heading_count))
            for box in boxes:
                self.notice(
                    number, "a text box or shape beside the paragraph comes in as the paragraphs after it"
                )
                entries.extend(Entry("block", block) for block in self.box_blocks(box, depth + 1))
        return entries

    # -- one paragraph -----------------------------------------------------------------------

    def paragraph(self, element, props, chain, name, inlines, following, note: bool) -> Entry | None:
        if not note and name == names.TITLE.lower():
            self.draft.title = " ".join(filter(None, [self.draft.title, ir.plain(inlines)]))
            return None
        if not note and name == names.SUBTITLE.lower():
            self.draft.subtitle = " ".join(filter(None, [self.draft.subtitle, ir.plain(inlines)]))
            return None
        if (
            names.generated(name)
            or name in ("header", "footer")
            or re.fullmatch(r"toc (heading|[1-9])", name)  # a table of contents Word did not update
            or (not note and name.startswith("heading") and self.back_matter_heading(following))
        ):
            return None
        numbered = list_numbering(props)
        style_list = names.list_level(name)
        if not inlines and not numbered and style_list is None:
            bottom = props.find(f"{w('pBdr')}/{w('bottom')}") if props is not None else None
            return Entry("block", ir.Rule()) if bottom is not None and not note else None
        level = names.LEVEL_FOR_HEADING.get(name) or next(
            (names.LEVEL_FOR_HEADING[n] for n in chain if n in names.LEVEL_FOR_HEADING), None
        )
        outline = wval(props, "outlineLvl")
        outline_level = (
            int(outline)
            if outline and outline.isdigit()
            else self.styles.outline_level(wval(props, "pStyle"))
        )
        if not level and outline_level is not None and outline_level < 9 and not names.list_level(name):
            level = names.LEVEL_FOR_HEADING.get(f"heading {outline_level + 1}", 4)
        if level and not note and self.foreign:
            inlines = untyped_number(inlines)
        marks = bookmarks(self.inline.names)  # its ids, named by importer/targets.py
        self.caption_id = (wval(props, "pStyle") or "").lower() == "caption"  # whatever its name
        if level and not note:
            return Entry("block", ir.Heading(level, inlines, marks))
        if not note and names.BOX_TITLE.lower() in chain:
            return Entry("box_title", inlines=inlines, names=marks)
        box = next((kind for kind, style in names.BOX_TEXT.items() if style.lower() in chain), "")
        entry = self.body_entry(inlines, chain, name, numbered, style_list, note, marks)
        if entry is not None and box and not note:
            entry.box = box
        return entry

    def body_entry(self, inlines, chain, name, numbered, style_list, note: bool, marks: str) -> Entry | None:
        """A paragraph of the text (of a box too): a list item, code, a caption, a quote, a figure."""
        if style_list is not None and style_list[0] == "continue":
            return Entry("continue", inlines=inlines, level=style_list[1])
        if numbered or style_list is not None:
            return self.list_item(numbered, style_list, inlines)
        if names.CODE.lower() in chain:
            return Entry(
                "code",
                text="".join("\n" if isinstance(i, ir.Break) else getattr(i, "text", "") for i in inlines),
            )
        seq = next(iter(self.inline.sequences), "")
        if (
            self.foreign
            and not note
            and (names.CAPTION.lower() in chain or self.caption_id or captions.kind(seq, ()))
        ):
            bare = captions.bare(*self.raw)  # Word's caption: its label and number left out
            return Entry("caption", inlines=inlines, names=marks, seq=seq, bare=bare)
        if names.CAPTION.lower() in chain:
            return Entry("caption", inlines=inlines, names=marks, seq=seq)
        if any(n in _QUOTES for n in chain):
            return Entry("quote", ir.Paragraph(inlines))
        if len(inlines) == 1 and isinstance(inlines[0], ir.Picture) and not note:
            return Entry("block", ir.Figure(inlines[0], "", marks))
        known = {n.lower() for n in (names.BODY, names.LEAD, names.FOOTNOTE_TEXT, names.FIGURE, "normal")}
        known |= {style.lower() for style in names.BOX_TEXT.values()}
        if name not in known and not any(n in known for n in chain):
            self.draft.unknown_styles.add(name)
        return Entry("block", ir.Paragraph(inlines))

    def back_matter_heading(self, following: list) -> bool:
        """A heading the writer put over About the Author(s) or the edition note: Brief Bio follows."""
        for element in following:
            if local(element) != "p":
                return False
            props = element.find(w("pPr"))
            chain = self.styles.chain(wval(props, "pStyle"))
            if not text_of(element).strip():
                continue
            return bool(chain) and chain[0] == names.BACK_MATTER[0].lower()
        return False

    def list_item(self, numbered, style_list, inlines) -> Entry:
        num, level = numbered if numbered else ("", style_list[1])
        if style_list is not None and style_list[0] in ("bullet", "number"):
            ordered = style_list[0] == "number"
        else:
            ordered = self.numbering.level(num, level)[0] not in ("bullet", "none")
        start = self.numbering.level(num, level)[1] if num else 1
        abstract, overrides = self.numbering.nums.get(num, ("", {}))
        return Entry(
            "item",
            inlines=inlines,
            level=level,
            ordered=ordered,
            num=num,
            start=start,
            abstract=abstract,
            restart=level in overrides,
        )


def untyped_number(inlines: tuple) -> tuple:
    """A heading without the number typed before its text ("2.1 Methods" -> "Methods")."""
    if inlines and isinstance(inlines[0], ir.Text):
        match = _TYPED_NUMBER.match(inlines[0].text)
        if match:
            return ir.normalize(
                (ir.Text(inlines[0].text[match.end() :], inlines[0].flags, inlines[0].link),) + inlines[1:]
            )
    return inlines


def bookmarks(found: list[str]) -> str:
    """The bookmarks of a paragraph, as an id still to be named (importer/targets.py)."""
    return "bookmark:" + ",".join(found) if found else ""


def list_numbering(props) -> tuple[str, int] | None:
    num_pr = props.find(w("numPr")) if props is not None else None
    if num_pr is None:
        return None
    num = wval(num_pr, "numId", "0") or "0"
    if num == "0":
        return None
    try:
        return num, int(wval(num_pr, "ilvl", "0") or 0)
    except ValueError:
        return num, 0
