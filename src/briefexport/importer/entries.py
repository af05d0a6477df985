"""Paragraphs read from Word (or from raw HTML) as entries, grouped into the importer's blocks:
list items into nested lists, quote paragraphs into one quote, code paragraphs into one block, a
caption onto the figure before it or the table after it, a box's paragraphs into the box."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from briefexport.content import labels as label_files
from briefexport.importer import captions, ir


@dataclass
class Entry:
    kind: str  # block | item | continue | quote | code | caption
    block: ir.Block | None = None
    text: str = ""  # a code paragraph's
    inlines: tuple = ()
    level: int = 0
    ordered: bool = False
    num: str = ""
    start: int = 1
    abstract: str = ""  # numbering definition: another instance of it continues the list...
    restart: bool = True  # ...unless it restarts the numbering
    names: str = ""  # a caption's or box title's bookmarks (`bookmark:a,b`: importer/targets.py)
    seq: str = ""  # a caption's SEQ field: "Figure", "Table"
    box: str = ""  # the kind of box the paragraph is in (its style), "" for none
    bare: tuple | None = None  # a manuscript's caption without its label and number (captions.bare)


def group(entries: list[Entry]) -> list:
    """Entries -> blocks: a box's paragraphs (a Box Title, then the paragraphs in the style of one
    kind of box) into an ir.Box, and everything else as `group_text` does."""
    blocks: list = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        if entry.kind != "box_title" and not entry.box:
            end = next(
                (i for i in range(index, len(entries)) if entries[i].kind == "box_title" or entries[i].box),
                len(entries),
            )
            blocks += group_text(entries[index:end])
            index = end
            continue
        kind = entries[index + 1].box if entry.kind == "box_title" and index + 1 < len(entries) else entry.box
        start = index + 1 if entry.kind == "box_title" else index
        end = start
        while end < len(entries) and entries[end].kind != "box_title" and entries[end].box == kind and kind:
            end += 1
        title = ir.plain(entry.inlines) if entry.kind == "box_title" else ""
        if kind == "key-points" and title in label_files.every_language(None, "key_points"):
            title = ""  # the title it gets anyway, in the brief's language
        blocks.append(
            ir.Box(kind or "box", title, tuple(group_text([replace(e, box="") for e in entries[start:end]])))
        )
        index = end
    return blocks


def group_text(entries: list[Entry]) -> list:
    """Entries -> blocks: list items into nested lists, quote paragraphs into one quote, code
    paragraphs into one block, a caption onto the figure before it or the table after it."""
    blocks: list = []
    stack: list[dict] = []  # open lists, outermost first: {ordered, start, num, items: [[blocks]]}
    captions: dict[int, Entry] = {}  # a caption paragraph (by its place in blocks) not yet a figure's

    def close_to(depth: int) -> None:
        while len(stack) > depth:
            done = stack.pop()
            block = ir.ListBlock(
                done["ordered"],
                done["start"],
                tuple(tuple(i) for i in done["items"]),
                tight=not done["loose"],
            )
            if stack:
                stack[-1]["items"][-1].append(block)
            else:
                blocks.append(block)

    for entry in entries:
        if entry.kind == "item":
            level = min(entry.level, len(stack))
            close_to(level + 1)
            if len(stack) == level + 1:
                top = stack[-1]
                continues = entry.num == top["num"] or (
                    entry.abstract and entry.abstract == top["abstract"] and not entry.restart
                )
                if top["ordered"] != entry.ordered or (entry.ordered and not continues):
                    close_to(level)
            if len(stack) == level:
                stack.append(
                    {
                        "ordered": entry.ordered,
                        "start": entry.start,
                        "num": entry.num,
                        "items": [],
                        "loose": False,
                        "abstract": entry.abstract,
                    }
                )
            stack[-1]["items"].append([ir.Paragraph(entry.inlines)] if entry.inlines else [])
            continue
        if entry.kind == "continue" and stack:
            close_to(1 if entry.level == 0 else len(stack))
            stack[-1]["items"][-1].append(ir.Paragraph(entry.inlines))
            stack[-1]["loose"] = True
            continue
        close_to(0)
        previous = blocks[-1] if blocks else None
        if entry.kind == "continue":
            blocks.append(ir.Paragraph(entry.inlines))
        elif entry.kind == "quote":
            if isinstance(previous, ir.Quote):
                blocks[-1] = ir.Quote(previous.blocks + (entry.block,))
            else:
                blocks.append(ir.Quote((entry.block,)))
        elif entry.kind == "code":
            if isinstance(previous, ir.CodeBlock):
                blocks[-1] = ir.CodeBlock(previous.text + "\n" + entry.text)
            else:
                blocks.append(ir.CodeBlock(entry.text))
        elif entry.kind == "caption":
            kind = caption_kind(entry)
            if isinstance(previous, ir.Figure) and not previous.caption and kind != "table":
                blocks[-1] = ir.Figure(previous.picture, figure_caption(entry), entry.names or previous.id)
            elif (
                entry.bare is not None
                and isinstance(previous, ir.Table)
                and not previous.caption
                and kind != "figure"
                and entry.bare
            ):  # a manuscript's caption under its table
                blocks[-1] = replace(previous, caption=entry.bare, id=entry.names or previous.id)
            elif entry.inlines:
                blocks.append(ir.Paragraph(entry.inlines))
                captions[len(blocks) - 1] = entry  # a table's, if a table follows
        elif isinstance(entry.block, ir.Table) and len(blocks) - 1 in captions:
            caption = captions.pop(len(blocks) - 1)
            bare = caption.bare if caption.bare is not None else caption_inlines(caption.inlines)
            blocks[-1] = replace(entry.block, caption=bare, id=caption.names)
        elif (
            isinstance(entry.block, ir.Figure)
            and len(blocks) - 1 in captions
            and captions[len(blocks) - 1].bare is not None
            and caption_kind(captions[len(blocks) - 1]) != "table"
        ):  # a manuscript's caption over its figure
            caption = captions.pop(len(blocks) - 1)
            blocks[-1] = replace(
                entry.block, caption=figure_caption(caption), id=caption.names or entry.block.id
            )
        else:
            blocks.append(entry.block)
    close_to(0)
    return blocks


def caption_kind(entry: Entry) -> str:
    """ "figure", "table" or "" (either): a draft's by its SEQ field, a manuscript's by its label too."""
    if entry.bare is None:
        return {"Table": "table", "Figure": "figure"}.get(entry.seq, "")
    return captions.kind(entry.seq, entry.inlines)


def figure_caption(entry: Entry) -> str:
    return ir.plain(entry.bare) if entry.bare is not None else caption_text(entry.inlines)


def unbold(inlines: tuple) -> tuple:
    """Header cells without bold: GFM header cells are bold anyway, and LibreOffice writes the
    table style's bold header row as direct formatting."""
    return ir.normalize(
        replace(i, flags=i.flags - {"bold"}) if isinstance(i, (ir.Text, ir.Code)) else i for i in inlines
    )


def caption_inlines(inlines) -> tuple:
    """A table's caption without the "Table 1. " the writer puts before it (its bold label, the
    number a SEQ field already left out), its formatting kept; else without a leading "Table 1."
    typed in any language the labels know."""
    items = list(inlines)
    if items and isinstance(items[0], ir.Text) and "bold" in items[0].flags:
        while items:
            first: object = items.pop(0)
            if not isinstance(first, ir.Text) or ("bold" not in first.flags and first.text.strip(" .:")):
                items.insert(0, first)
                break
    elif items and isinstance(items[0], ir.Text):
        labels = "|".join(
            map(re.escape, sorted(label_files.every_language(None, "table"), key=len, reverse=True))
        )
        match = re.match(rf"^(?:{labels})\s*\d*\s*[.:]\s*", items[0].text)
        if match:
            items[0] = replace(items[0], text=items[0].text[match.end() :])
    if items and isinstance(items[0], ir.Text):
        items[0] = replace(items[0], text=re.sub(r"^[\s.:]+", "", items[0].text))
    return ir.normalize(items)


def caption_text(inlines) -> str:
    """A caption without the "Figure 1. " the writer puts before it: bold text, its number a SEQ
    field (already left out); else a leading "Figure 1." in any language the labels know."""
    items = list(inlines)

    def bold(item) -> bool:
        return isinstance(item, ir.Text) and "bold" in item.flags

    if items and bold(items[0]):
        return re.sub(r"^[\s.:]+", "", ir.plain(list(itertools.dropwhile(bold, items))))
    text = ir.plain(items)
    labels = "|".join(
        map(re.escape, sorted(label_files.every_language(None, "figure"), key=len, reverse=True))
    )
    match = re.match(rf"^(?:{labels})\s*\d*\s*[.:]\s*", text)
    return text[match.end() :] if match else text
