"""The draft's blocks written back over the brief they came from, keeping every block Word left
unchanged exactly as it is written in the source (its line wrapping, emphasis markers, link
style, blank lines, what lies between blocks), so the diff holds only what staff changed.

Blocks are aligned (difflib, on the blocks themselves: equal means "makes the same Word
document"); a changed list, table, quote or note is aligned again item by item, row by row, so
deleting a bullet or changing a cell rewrites that bullet or row only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from briefexport.importer import ir
from briefexport.importer.html_blocks import HtmlBlocks
from briefexport.importer.serialize import (
    block_lines,
    blocks_lines,
    caption_line,
    checked_inline,
    delimiter_line,
    item_lines,
    wrap,
)
from briefexport.importer.source import CaptionLine, Delimiter, Item, Row, Source, Src, parse_inline

_FOLD = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
_MARKER = re.compile(r"^(\s*(?:>\s?)*\s*)(\d{1,9}[.)]|[-+*])(\s+|$)")


@dataclass(frozen=True)
class Ctx:
    rest: str = ""  # the prefix of every line in this container (indentation, "> ")
    gap: tuple = ("",)  # what separates two blocks written anew
    markers: tuple = ()  # list items: the marker of each item of the new list


@dataclass
class _Segment:
    lines: list[str]
    first: int | None  # index of the source block it starts at (None: written anew)
    last: int | None


class Merger:
    def __init__(self, source: Source):
        self.source = source
        self.lines = source.lines
        # An edited paragraph is wrapped like the source's paragraphs (no wider than their widest
        # line); a source whose paragraphs are one line each gets one-line paragraphs.
        widths = [
            len(line)
            for src in source.blocks
            if isinstance(src.block, ir.Paragraph) and src.end - src.start > 1
            for line in self.lines[src.start : src.end]
        ]
        self.width = max(widths, default=0)

    def body(self, blocks: list) -> str:
        srcs = expand(self.source.blocks)
        merged = self.sequence(srcs, list(blocks), Ctx())
        if not srcs:
            return "\n".join(merged) + "\n"
        head = self.lines[: srcs[0].start]
        tail = self.lines[max(s.end for s in srcs) :]
        if not "\n".join(tail).strip():
            tail = [""]
        return "\n".join(head + merged + tail)

    def sequence(self, srcs: list[Src], docs: list, ctx: Ctx) -> list[str]:
        keys = [_key(s.block) for s in srcs]
        matcher = SequenceMatcher(None, keys, [_key(d) for d in docs], autojunk=False)
        segments: list[_Segment] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                segments.append(
                    _Segment(self.lines[srcs[i1].start : max(s.end for s in srcs[i1:i2])], i1, i2 - 1)
                )
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                segments.append(_Segment(self.pair(srcs[i1 + k], docs[j1 + k], ctx), i1 + k, i1 + k))
            for j in range(j1 + pairs, j2):
                segments.append(_Segment(self.fresh(docs[j], ctx, j), None, None))
        lines: list[str] = []
        for index, segment in enumerate(segments):
            if index:
                before = segments[index - 1]
                if before.last is not None and segment.first is not None and segment.first == before.last + 1:
                    lines.extend(self.lines[srcs[before.last].end : srcs[segment.first].start])
                else:
                    lines.extend(ctx.rest.rstrip() if line == "" else line for line in ctx.gap)
            lines.extend(segment.lines)
        return lines

    def fresh(self, block, ctx: Ctx, index: int = 0) -> list[str]:
        if isinstance(block, Row):
            return [ctx.rest + "| " + " | ".join(checked_inline(c, table=True) for c in block.cells) + " |"]
        if isinstance(block, Delimiter):
            return [ctx.rest + delimiter_line(block.aligns)]
        if isinstance(block, Item):
            marker = ctx.markers[index] if index < len(ctx.markers) else "-"
            return [
                ctx.rest + line if line else "" for line in item_lines(block.blocks, marker, ctx.gap == ("",))
            ]
        lines = block_lines(block)
        if isinstance(block, ir.Paragraph) and self.width:
            wrapped = wrap(lines, self.width - len(ctx.rest))
            if wrapped != lines and parse_inline("\n".join(wrapped)) == ir.normalize(block.inlines):
                lines = wrapped  # only when it reads back the same
        return [(ctx.rest + line).rstrip() if line else ctx.rest.rstrip() for line in lines]

    def pair(self, src: Src, doc, ctx: Ctx) -> list[str]:
        """A changed block: aligned again inside when both are the same kind of container."""
        block = src.block
        if isinstance(block, ir.Paragraph) and isinstance(doc, ir.Paragraph):
            return self.reflow(src, doc, ctx)
        if (
            isinstance(block, ir.ListBlock)
            and isinstance(doc, ir.ListBlock)
            and block.ordered == doc.ordered
            and block.start == doc.start
            and src.children
        ):
            return self.listing(src, block, doc, ctx)
        if isinstance(block, ir.Table) and isinstance(doc, ir.Table) and len(block.aligns) == len(doc.aligns):
            return self.table(src, doc, ctx)
        if (
            isinstance(block, ir.Box)
            and isinstance(doc, ir.Box)
            and (block.kind, block.title) == (doc.kind, doc.title)
        ):
            return self.box(src, doc, ctx)
        if isinstance(block, ir.Quote) and isinstance(doc, ir.Quote) and src.children:
            return self.sequence(src.children, list(doc.blocks), Ctx(ctx.rest + "> ", (">",)))
        if isinstance(block, ir.NoteDef) and isinstance(doc, ir.NoteDef) and block.label == doc.label:
            return self.prefixed(src, list(doc.blocks), Ctx(ctx.rest + "    "), f"[^{doc.label}]: ")
        if isinstance(block, Item) and isinstance(doc, Item):
            return self.item(src, doc, ctx)
        return self.fresh(doc, ctx)

    def table(self, src: Src, doc: ir.Table, ctx: Ctx) -> list[str]:
        """A changed table: its rows aligned again, then its caption line (`: Caption {#tbl-cost}`)
        kept as written, rewritten, added or dropped."""
        rows = [Row(doc.header, True), Delimiter(doc.aligns), *(Row(cells) for cells in doc.rows)]
        kept = [child for child in src.children if not isinstance(child.block, CaptionLine)]
        lines = self.sequence(kept, rows, Ctx(ctx.rest, ()))
        old = next((child for child in src.children if isinstance(child.block, CaptionLine)), None)
        if not doc.caption:
            return lines
        if old is not None and old.block == CaptionLine(doc.caption, doc.id):
            return lines + self.lines[max(child.end for child in kept) : old.end]
        prefix = (
            "Table: " if old is not None and self.lines[old.start].lstrip().startswith("Table:") else ": "
        )
        return lines + [ctx.rest.rstrip(), ctx.rest + caption_line(doc, prefix)]

    def box(self, src: Src, doc: ir.Box, ctx: Ctx) -> list[str]:
        """A changed box: its fences kept as written, its blocks aligned again inside them."""
        if not src.children or not doc.blocks:
            return self.fresh(doc, ctx)
        first, last = src.children[0].start, max(child.end for child in src.children)
        inner = self.sequence(src.children, list(doc.blocks), Ctx(ctx.rest, ctx.gap))
        return self.lines[src.start : first] + inner + self.lines[last : src.end]

    def reflow(self, src: Src, doc: ir.Paragraph, ctx: Ctx) -> list[str]:
        """An edited paragraph with the source's own lines kept before and after the edit, and only
        the lines in between wrapped anew, as a person editing the Markdown would leave them."""
        fresh = self.fresh(doc, ctx)
        lines = block_lines(doc)
        old = self.lines[src.start : src.end]
        # every line under the container's prefix (the first may hold a list marker in its place)
        if (
            len(lines) != 1
            or not self.width
            or not old
            or len(old[0]) < len(ctx.rest)
            or not all(line.startswith(ctx.rest) for line in old[1:])
        ):
            return fresh
        text, old = lines[0], [line[len(ctx.rest) :] for line in old]
        # compared with quotes folded: the source types them straight, Word shows them curly
        folded, source = text.translate(_FOLD), [line.translate(_FOLD) for line in old]
        head = 0
        while head < len(old) and folded.startswith(" ".join(source[: head + 1]) + " "):
            head += 1
        start = len(" ".join(old[:head]) + " ") if head else 0
        tail = 0
        while (
            tail < len(old) - head
            and folded.endswith(" " + " ".join(source[len(old) - tail - 1 :]))
            and len(text) - len(" ".join(old[len(old) - tail - 1 :])) - 1 >= start
        ):
            tail += 1
        width = self.width - len(ctx.rest)
        if len(old) == 1 and len(ctx.rest) + len(old[0]) > self.width:
            width = len(text)  # a paragraph written on one long line stays on one line
        end = len(text) - (len(" ".join(old[len(old) - tail :])) + 1 if tail else 0)
        middle = wrap([text[start:end]], width) if text[start:end] else []
        if middle and tail and len(middle[-1]) + 1 + len(old[len(old) - tail]) <= width:
            middle[-1] += " " + old[len(old) - tail]  # a short last line takes the next one whole
            tail -= 1
        kept = old[:head] + middle + old[len(old) - tail :]
        if parse_inline("\n".join(kept)) != ir.normalize(doc.inlines):
            return fresh  # a kept line would now read differently: write the paragraph anew
        return [(ctx.rest + line).rstrip() for line in kept]

    def listing(self, src: Src, old: ir.ListBlock, doc: ir.ListBlock, ctx: Ctx) -> list[str]:
        items = [Item(tuple(item)) for item in doc.items]
        if doc.ordered:
            markers = tuple(f"{doc.start + j}{src.markup or '.'}" for j in range(len(items)))
        else:
            markers = (src.markup or "-",) * len(items)
        gap = () if old.tight else ("",)
        return self.sequence(src.children, items, Ctx(ctx.rest, gap, markers))

    def item(self, src: Src, doc: Item, ctx: Ctx) -> list[str]:
        first = self.lines[src.start] if src.start < len(self.lines) else ""
        match = _MARKER.match(first)
        if not match:
            return self.fresh(doc, ctx)
        lead = match.group(1) + match.group(2) + " "
        indent = re.sub(r"[^\s>]", " ", match.group(1) + match.group(2)) + " "
        return self.prefixed(src, list(doc.blocks), Ctx(indent, ctx.gap), lead, children=src.children)

    def prefixed(self, src: Src, docs: list, ctx: Ctx, lead: str, children=None) -> list[str]:
        """Blocks of a list item or note: the first line carries the marker or label."""
        children = src.children if children is None else children
        if not docs:
            return [lead.rstrip()]
        lines = self.sequence(children, docs, ctx)
        kept_first = children and _key(children[0].block) == _key(docs[0])
        if not kept_first and lines:
            lines[0] = lead + lines[0][len(ctx.rest) :]
        return lines


def expand(srcs: list[Src]) -> list[Src]:
    """A raw HTML block stands for the several blocks the writer makes of it, or for none."""
    out: list[Src] = []
    for src in srcs:
        if invisible(src.block):
            continue  # what Word shows as nothing (a script, a paragraph of dropped tags): kept in the gap
        if isinstance(src.block, HtmlBlocks):
            out.extend(Src(block, src.start, src.end) for block in src.block.blocks if not invisible(block))
        else:
            out.append(src)
    return out


def invisible(block) -> bool:
    return (isinstance(block, HtmlBlocks) and not any(not invisible(b) for b in block.blocks)) or (
        isinstance(block, ir.Paragraph) and not block.inlines
    )


def _key(block):
    return block


def fresh_body(blocks: list) -> str:
    return "\n".join(blocks_lines(blocks)) + "\n"
