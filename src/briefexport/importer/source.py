"""A brief's Markdown as the importer's blocks, each with the lines it was written on, so that
what a draft leaves unchanged can be kept exactly as it is written (merge.py).

The body is parsed by the reader's parser and sanitized by the reader's rules (what the DOCX
writer saw), with footnote definitions left where they are written; the blocks are what the
DOCX writer makes of the tokens (writers/docx/body.py), which is what reading the draft gives
back for an unchanged block (document.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from briefexport.content import raw_html
from briefexport.content.boxes import box_title
from briefexport.content.markdown import figure_caption, inline_text, list_start, make_parser
from briefexport.content.typography import smarten
from briefexport.errors import Report
from briefexport.importer import ir
from briefexport.importer.entries import unbold
from briefexport.importer.html_blocks import HtmlBlocks, html_blocks
from briefexport.safety.markup import INLINE_FLAGS, inline_tag, link_kind, safe_url, url_scheme
from briefexport.writers.docx.captions import caption_bookmark
from briefexport.writers.docx.crosslinks import draft_link
from briefexport.writers.docx.oxml import bookmark_name

_PARSER = make_parser()
_PARSER.disable("footnote_tail")  # definitions stay in place, with their lines
_ALIGN = {
    "text-align:right": "right",
    "text-align:center": "center",
}  # left is Word's default: not kept apart
HEADING_LEVEL = {1: 2, 2: 2, 3: 3}  # as the writer styles them (writers.docx.styles.heading_style)


@dataclass(frozen=True)
class Item:
    """A list item, for aligning the items of two versions of a list."""

    blocks: tuple


@dataclass(frozen=True)
class Row:
    cells: tuple
    header: bool = False


@dataclass(frozen=True)
class Delimiter:
    aligns: tuple


@dataclass
class Src:
    """A block of the source and the lines it takes ([start, end) of the body's lines)."""

    block: ir.Block | Item | Row | Delimiter | HtmlBlocks | CaptionLine
    start: int
    end: int
    children: list[Src] = field(default_factory=list)
    markup: str = ""  # a list's bullet character or ordered-list delimiter


@dataclass(frozen=True)
class CaptionLine:
    """A table's caption line (`: Caption {#tbl-cost}`), for aligning a table's parts."""

    caption: tuple
    id: str


@dataclass
class Source:
    lines: list[str]
    blocks: list[Src]  # top level, footnote definitions included where they are written
    notes: dict[str, tuple]  # label -> blocks
    note_order: list[str]  # labels in the order of their first citation
    anchors: dict[str, str]  # Word bookmark name -> the `#fragment` link; "file:" + name -> relative link
    ids: dict[str, str] = field(default_factory=dict)  # Word bookmark -> the brief's own id it carries


def read_source(body: str, shown: str, language: str = "en") -> Source:
    """The brief's body as the reader would see it (quotes in `language`'s marks, as printed)."""
    tokens = _PARSER.parse(body, {"language": language})
    raw_html.sanitize(tokens, shown, Report())
    lines = body.split("\n")
    converter = _Converter(lines, language)
    blocks = converter.srcs(SyntaxTreeNode(tokens).children)
    notes = {b.block.label: b.block.blocks for b in blocks if isinstance(b.block, ir.NoteDef)}
    body_refs = [b.block for b in blocks if not isinstance(b.block, ir.NoteDef)]
    order = list(dict.fromkeys(ref.key for ref in ir.collect(tuple(body_refs), ir.NoteRef)))
    return Source(
        lines, blocks, notes, [label for label in order if label in notes], converter.anchors, converter.ids
    )


# The language of the brief being imported: what parse_inline reads Markdown as (its quotes).
_LANGUAGE: ContextVar[str] = ContextVar("brief_language", default="en")


@contextmanager
def brief_language(language: str) -> Iterator[None]:
    """Read Markdown as the reader reads a brief in `language` (quotes in its marks) meanwhile."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def parse_inline(text: str, table: bool = False) -> tuple:
    """What the reader makes of one paragraph (or table cell) of Markdown, as inline items."""
    labels = dict.fromkeys(re.findall(r"\[\^([^\]\s]+)\]", text))
    notes = "".join(f"\n\n[^{label}]: x" for label in labels)
    source = f"| x |\n|---|\n| {text} |" if table else text
    tokens = _PARSER.parse(source + notes, {"language": _LANGUAGE.get()})
    raw_html.sanitize(tokens, "", Report())
    converter = _Converter([], _LANGUAGE.get())
    for node in SyntaxTreeNode(tokens).children:
        if node.type == "paragraph":
            return converter.inlines(inline_children(node))
        if node.type == "table":
            body = [section for section in node.children if section.type == "tbody"]
            return converter.inlines(inline_children(body[0].children[0].children[0])) if body else ()
        return ("not a paragraph",)
    return ()


class _Converter:
    def __init__(self, lines: list[str], language: str = "en"):
        self.lines = lines
        self.language = language
        self.anchors: dict[str, str] = {}
        self.ids: dict[str, str] = {}  # what the DOCX writer names each id's bookmark (render.draft_ids)

    def own_id(self, name, heading: bool = False) -> str:
        """Note the bookmark the draft carries an id of the brief under; the id ("" for none)."""
        if name:
            self.ids[bookmark_name(str(name)) if heading else caption_bookmark(str(name))] = str(name)
        return str(name or "")

    def span(self, node: SyntaxTreeNode) -> tuple[int, int]:
        start, end = node.map if node.map else (0, 0)
        while end > start + 1 and not self.lines[end - 1].strip():
            end -= 1
        return start, end

    def srcs(self, nodes: list[SyntaxTreeNode], note: bool = False) -> list[Src]:
        return [src for src in (self.src(node, note) for node in nodes) if src is not None]

    def src(self, node: SyntaxTreeNode, note: bool = False) -> Src | None:
        start, end = self.span(node)
        kind = node.type
        if kind in ("bullet_list", "ordered_list"):
            items: list[Src] = []
            contents: list[tuple] = []  # each item's blocks
            for item in node.children:
                blocks = self.srcs(item.children, note)
                contents.append(self.flatten(blocks))
                items.append(Src(Item(contents[-1]), *self.span(item), children=blocks))
            tight = all(
                child.hidden for item in node.children for child in item.children if child.type == "paragraph"
            )
            listing = ir.ListBlock(kind == "ordered_list", list_start(node), tuple(contents), tight=tight)
            return Src(listing, start, end, items, markup=node.markup)
        if kind == "table":
            rows: list[Src] = []
            header: tuple = ()
            aligns: tuple = ()
            body: list[tuple] = []
            caption = next((child for child in node.children if child.type == "caption"), None)
            for section in node.children:  # a GFM table: one header row, then the body's rows
                if section is caption:  # its caption line, after the table (below)
                    continue
                for tr in section.children:
                    cells = tuple(self.cell(td, section.type == "thead") for td in tr.children)
                    row_start = tr.map[0] if tr.map else start
                    rows.append(Src(Row(cells, section.type == "thead"), row_start, row_start + 1))
                    if section.type == "thead":
                        header = cells
                        aligns = tuple(_ALIGN.get(str(td.attrs.get("style", "")), "") for td in tr.children)
                        rows.append(Src(Delimiter(aligns), row_start + 1, row_start + 2))
                    else:
                        body.append(cells)
            if caption is None:
                return Src(ir.Table(aligns, header, tuple(body)), start, end, rows)
            line = CaptionLine(self.inlines(inline_children(caption)), self.own_id(node.meta.get("id")))
            rows.append(Src(line, *self.span(caption)))
            block = ir.Table(aligns, header, tuple(body), line.caption, line.id)
            return Src(block, start, rows[-1].end, rows)
        if kind == "box":
            children = self.srcs(node.children, note)
            attrs = node.meta.get("attrs", {})
            title = smarten(box_title(attrs), self.language)  # as the reader prints it
            box = ir.Box(str(attrs.get("class", "")).split(" ")[0], title, self.flatten(children))
            self.own_id(attrs.get("id"))
            return Src(box, start, end, children)
        if kind == "blockquote":
            children = self.srcs(node.children, note)
            return Src(ir.Quote(self.flatten(children)), start, end, children)
        if kind == "footnote_reference":
            children = self.srcs(node.children, True)
            return Src(
                ir.NoteDef(str(node.meta.get("label", "")), self.flatten(children)), start, end, children
            )
        if kind == "html_block":
            return Src(HtmlBlocks(tuple(html_blocks(node.content))), start, end)
        block = self.block(node, note)
        return Src(block, start, end) if block is not None else None

    @staticmethod
    def flatten(children: list[Src]) -> tuple:
        out: list = []
        for child in children:
            out.extend(child.block.blocks if isinstance(child.block, HtmlBlocks) else [child.block])
        return tuple(out)

    def block(self, node: SyntaxTreeNode, note: bool):
        kind = node.type
        if kind == "paragraph":
            tokens = inline_children(node)
            if node.meta.get("figure") or (not note and is_figure(tokens)):
                image = next(t for t in tokens if t.type == "image")
                return ir.Figure(
                    ir.Picture(str(image.attrGet("src") or ""), inline_text(image)),
                    str(image.attrGet("title") or "") or figure_caption(image),
                    self.own_id(image.attrGet("id")),
                )
            return ir.Paragraph(self.inlines(tokens))
        if kind == "heading":
            level = HEADING_LEVEL.get(int(node.tag[1]), 4)
            return ir.Heading(
                level, self.inlines(inline_children(node)), self.own_id(node.meta.get("id"), True)
            )
        if kind in ("fence", "code_block"):
            return ir.CodeBlock(node.content.rstrip("\n"))
        if kind == "hr":
            return ir.Rule()
        return None

    def cell(self, node: SyntaxTreeNode, header: bool) -> tuple:
        inlines = self.inlines(inline_children(node))
        return unbold(inlines) if header else inlines

    def inlines(self, tokens: list[Token]) -> tuple:
        """What BodyWriter.inline makes of the tokens, as inline items."""
        items: list[ir.Inline] = []
        counts = dict.fromkeys(("bold", "italic", "strike", "sup", "sub"), 0)
        link: str | None = None

        def flags():
            return frozenset(name for name, count in counts.items() if count > 0)

        toggles = {"strong": "bold", "em": "italic", "s": "strike"}
        for token in tokens:
            kind = token.type
            if kind == "text" or (
                kind not in ("image", "footnote_ref", "code_inline", "xref")
                and token.content
                and not kind.startswith(("html", "link"))
            ):
                items.append(ir.Text(token.content, flags(), link))
            elif kind == "softbreak":
                items.append(ir.Text(" ", flags(), link))
            elif kind == "hardbreak":
                items.append(ir.Break(link))
            elif kind.rsplit("_", 1)[0] in toggles and kind.endswith(("_open", "_close")):
                name = toggles[kind.rsplit("_", 1)[0]]
                counts[name] = max(0, counts[name] + (1 if kind.endswith("open") else -1))
            elif kind == "code_inline":
                items.append(ir.Code(token.content, flags(), link))
            elif kind == "link_open":
                href = str(token.attrGet("href") or "")
                link = href if href and safe_url(href) else None
                if link and link.startswith("#"):
                    self.anchors.setdefault(bookmark_name(link[1:]), link)
                    self.anchors.setdefault(caption_bookmark(link[1:]), link)  # a figure's, table's or box's
                elif (
                    link and url_scheme(link) is None
                ):  # relative: LibreOffice rewrites it from the draft's folder
                    self.anchors.setdefault("file:" + link.rsplit("/", 1)[-1], link)
                    target, _, fragment = link.partition("#")
                    if target.endswith(".md"):  # another brief: the draft links to its draft
                        drafted = draft_link(PurePosixPath(unquote(target)).stem, fragment or None)
                        self.anchors.setdefault("file:" + drafted, link)
                if link and not _in_draft(link):  # the draft keeps its text only: so does the source
                    link = None
            elif kind == "link_close":
                link = None
            elif kind == "image":
                items.append(ir.Picture(str(token.attrGet("src") or ""), inline_text(token), link=link))
            elif kind == "footnote_ref":
                items.append(ir.NoteRef(str(token.meta.get("label", "")), link))
            elif kind == "xref":
                items.append(ir.XRef(token.meta["id"], token.meta["capital"], link))
            elif kind == "html_inline":
                parsed = inline_tag(token.content)
                if parsed and parsed[1] == "br":
                    items.append(ir.Break(link))
                elif parsed and parsed[1] in INLINE_FLAGS:
                    name = INLINE_FLAGS[parsed[1]]
                    counts[name] = max(0, counts[name] + (-1 if parsed[0] else 1))
        return ir.normalize(items)


def inline_children(node: SyntaxTreeNode) -> list[Token]:
    for child in node.children:
        if child.type == "inline" and child.token is not None:
            return list(child.token.children or [])
    return []


def is_figure(tokens: list[Token]) -> bool:
    children = [t for t in tokens if not (t.type == "text" and not t.content.strip())]
    return len(children) == 1 and children[0].type == "image"


def _in_draft(href: str) -> bool:
    """Whether the Word draft has this link (the one link policy, writers/shared/links.py): a web,
    mail or heading link, or one to another brief. Any other keeps its text only there, so its
    paragraph, unchanged in the draft, is kept as the source writes it, link included."""
    kind = link_kind(href)
    return kind in ("web", "fragment") or (
        kind == "relative" and unquote(href.partition("#")[0].split("?", 1)[0]).lower().endswith(".md")
    )
