"""What a brief's body is, independent of how it is written: the form in which a Word draft and a
Markdown source are compared. Both sides are brought to it (document.py from WordprocessingML,
source.py from markdown-it tokens, the way the DOCX writer reads them), so "unchanged" means
"would make the same Word document", and only what differs is written anew (markdown.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

Flags = frozenset  # of "bold", "italic", "strike", "sup", "sub"
NO_FLAGS: frozenset = frozenset()


@dataclass(frozen=True)
class Text:
    text: str
    flags: frozenset = NO_FLAGS
    link: str | None = None


@dataclass(frozen=True)
class Code:
    text: str
    flags: frozenset = NO_FLAGS
    link: str | None = None


@dataclass(frozen=True)
class Break:
    link: str | None = None


@dataclass(frozen=True)
class NoteRef:
    key: str  # the footnote's label in the brief (`[^key]`)
    link: str | None = None


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str
    title: str = ""
    link: str | None = None
    data: bytes = field(default=b"", compare=False, repr=False)  # the embedded bytes (Word side)


@dataclass(frozen=True)
class XRef:
    """A cross-reference (`@fig-use`): a REF field to a caption's bookmark in Word, or a link to a
    heading's showing its label. From Word, `id` is first `bookmark:<name>` (targets.py names it)
    and `shown` the words Word showed, kept when the bookmark is not one of the brief's."""

    id: str
    capital: bool = field(default=False, compare=False)  # `@Fig-use`: Word shows the same words
    link: str | None = None
    shown: str = field(default="", compare=False)


Inline = Text | Code | Break | NoteRef | Picture | XRef


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple


@dataclass(frozen=True)
class Heading:
    level: int  # Markdown level: 2 for ##
    inlines: tuple
    id: str = ""  # its own id (`{#sec-money}`); from Word first `bookmark:<names>` (targets.py)


@dataclass(frozen=True)
class Figure:
    picture: Picture
    caption: str
    id: str = ""  # `{#fig-use}`


@dataclass(frozen=True)
class CodeBlock:
    text: str


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class Quote:
    blocks: tuple


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple  # of tuples of blocks
    tight: bool = field(default=True, compare=False)  # Word cannot tell; the source's is kept


@dataclass(frozen=True)
class Table:
    aligns: tuple  # "", "left", "right", "center" per column
    header: tuple  # cells, each a tuple of inlines
    rows: tuple
    caption: tuple = ()  # inlines of `: Caption {#tbl-cost}`
    id: str = ""


@dataclass(frozen=True)
class Box:
    kind: str  # "key-points", "box", "pullquote"
    title: str  # as written in `title="..."` ("" for a key-points box's default title)
    blocks: tuple


@dataclass(frozen=True)
class NoteDef:
    label: str
    blocks: tuple


Block = Paragraph | Heading | Figure | CodeBlock | Rule | Quote | ListBlock | Table | NoteDef | Box


def normalize(inlines) -> tuple:
    """Adjacent text of the same formatting as one piece; white space at the edges of formatted
    text unformatted (Markdown cannot open emphasis before a space); no white space at the ends
    of the paragraph or around a line break (Markdown has none there); nothing empty."""
    merged: list = []
    for item in _unformat_edges(inlines):
        if isinstance(item, (Text, Code)):
            if not item.text:
                continue
            item = replace(item, text=item.text.replace("\n", " "))
            if (
                merged
                and type(merged[-1]) is type(item)
                and (merged[-1].flags, merged[-1].link) == (item.flags, item.link)
            ):
                merged[-1] = replace(merged[-1], text=merged[-1].text + item.text)
                continue
        merged.append(item)
    out: list = []
    for index, item in enumerate(merged):
        if isinstance(item, Text):
            text = item.text
            if index == 0 or isinstance(merged[index - 1], Break):
                text = text.lstrip(" \t")
            if index == len(merged) - 1 or isinstance(merged[index + 1], Break):
                text = text.rstrip(" \t")
            if not text:
                continue
            item = replace(item, text=text)
        out.append(item)
    while out and isinstance(out[-1], Break):
        out.pop()
    return tuple(out)


def _unformat_edges(inlines):
    for item in inlines:
        if isinstance(item, Text) and item.flags and item.text != item.text.strip() and item.text.strip():
            core = item.text.strip()
            lead = item.text[: len(item.text) - len(item.text.lstrip())]
            trail = item.text[len(lead) + len(core) :]
            yield replace(item, text=lead, flags=NO_FLAGS)
            yield replace(item, text=core)
            yield replace(item, text=trail, flags=NO_FLAGS)
        else:
            yield item


def plain(inlines) -> str:
    """The text of inline content, as a title or a caption shows it."""
    parts = []
    for item in inlines:
        if isinstance(item, (Text, Code)):
            parts.append(item.text)
        elif isinstance(item, Break):
            parts.append(" ")
        elif isinstance(item, Picture):
            parts.append(item.alt)
        elif isinstance(item, XRef):
            parts.append(item.shown or "@" + item.id)
    return "".join(parts).strip()


def transform(block, change):
    """`block` (or a tuple of blocks or inlines) with every inline item passed through `change`
    (a figure's picture too), inside lists, quotes, tables and notes."""
    if isinstance(block, tuple):
        return tuple(transform(item, change) for item in block)
    if isinstance(block, (Text, Code, Break, NoteRef, Picture, XRef)):
        return change(block)
    if isinstance(block, Figure):
        return replace(block, picture=change(block.picture))
    if isinstance(block, (Paragraph, Heading)):
        return replace(block, inlines=transform(block.inlines, change))
    if isinstance(block, (Quote, NoteDef, Box)):
        return replace(block, blocks=transform(block.blocks, change))
    if isinstance(block, ListBlock):
        return replace(block, items=transform(block.items, change))
    if isinstance(block, Table):
        return replace(
            block,
            header=transform(block.header, change),
            rows=transform(block.rows, change),
            caption=transform(block.caption, change),
        )
    return block


def map_notes(block, rename):
    """`block` with every NoteRef key passed through `rename`."""
    return transform(
        block, lambda item: replace(item, key=rename(item.key)) if isinstance(item, NoteRef) else item
    )


def collect(block, kind) -> list:
    """Every inline item of type `kind` in document order."""
    found: list = []

    def keep(item):
        if isinstance(item, kind):
            found.append(item)
        return item

    transform(block, keep)
    return found
