"""A Word table as a GFM table: every cell's text kept, whatever Word put in it.

Rows and cells are found through the content controls (`w:sdt`) and custom XML Word wraps around
them; what a GFM cell cannot hold comes in as the nearest thing it can, with a warning naming the
Word paragraph: merged cells as a cell holding the text and empty cells beside or below it, a
list or a table inside a cell as lines of the cell (`• `, `1. ` before each item), a text box in a
cell as lines after the paragraph it is anchored in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefexport.importer import ir
from briefexport.importer.entries import unbold
from briefexport.importer.runs import Change
from briefexport.importer.wordml import local, text_of, w, wval
from briefexport.writers.docx import styles as names

if TYPE_CHECKING:
    from briefexport.importer.document import DocumentReader

# Left is the default: LibreOffice writes "start" on every cell of a column without alignment,
# so an explicit left (`:---`) and none cannot be told apart, and are not (source.py neither).
_ALIGN = {"right": "right", "end": "right", "center": "center"}
_WRAPPERS = ("sdt", "customXml", "ins", "moveTo")
MAX_SPAN = 64  # columns a merged cell may claim (a hostile gridSpan of a million is one cell)


def children(node, tag: str):
    """The `tag` children of a table or row, through content controls and custom XML."""
    for child in node:
        name = local(child)
        if name == tag:
            yield child
        elif name in _WRAPPERS:
            inner = child.find(w("sdtContent")) if name == "sdt" else child
            if inner is not None:
                yield from children(inner, tag)


def read_table(reader: DocumentReader, element, depth: int = 0) -> ir.Table | None:
    rows: list[tuple] = []  # of cells, each a tuple of inlines
    aligns: list[str] = []
    generated, cells_seen = True, 0
    merged, first = False, reader.paragraphs + 1
    for tr in children(element, "tr"):
        row_props = tr.find(w("trPr"))
        if row_props is not None and row_props.find(w("del")) is not None:
            reader.draft.changes.append(Change(reader.paragraphs, "deletion", text_of(tr)[:60], ""))
            if reader.accept:
                continue
        cells: list[tuple] = []
        for tc in children(tr, "tc"):
            props = tc.find(w("tcPr"))
            span = _int(wval(props, "gridSpan", "1"), 1)
            vmerge = props.find(w("vMerge")) if props is not None else None
            parts, align, styles = cell(reader, tc, depth)
            cells_seen += len(styles)
            generated = generated and bool(styles) and all(s and names.generated(s) for s in styles)
            if vmerge is not None and vmerge.get(w("val"), "continue") == "continue":
                merged = True
                parts = []  # Word shows nothing there: the text is in the cell above
            content = unbold(ir.normalize(parts)) if not rows else ir.normalize(parts)
            cells.append(content)
            if not rows:
                aligns.append(align)
            if span > 1:
                merged = True
                cells.extend([()] * (min(span, MAX_SPAN) - 1))
                if not rows:
                    aligns.extend([""] * (min(span, MAX_SPAN) - 1))
        rows.append(tuple(cells))
    if not rows or (generated and cells_seen):
        return None
    if merged:
        reader.notice(first, "merged table cells come in as separate cells, the text in the first of them")
    width = max(len(row) for row in rows)
    rows = [row + ((),) * (width - len(row)) for row in rows]
    aligns = (aligns + [""] * width)[:width]
    return ir.Table(tuple(aligns), rows[0], tuple(rows[1:]))


def cell(reader: DocumentReader, tc, depth: int) -> tuple[list, str, list[str]]:
    """(the cell's inlines, its alignment, the styles of its paragraphs)."""
    parts: list = []
    align = ""
    styles: list[str] = []
    numbers: dict[tuple[str, int], int] = {}
    for element in reader.elements(tc):
        if local(element) == "tbl":
            reader.notice(reader.paragraphs + 1, "a table inside a table cell comes in as lines of the cell")
            inner = read_table(reader, element, depth + 1) if depth < 4 else None
            lines = [inner.header, *inner.rows] if inner is not None else []
            for row in lines:
                line = " | ".join(ir.plain(c) for c in row if c)
                if line:
                    parts.extend([ir.Break(), ir.Text(line)] if parts else [ir.Text(line)])
            continue
        reader.paragraphs += 1
        props = element.find(w("pPr"))
        chain = reader.styles.chain(wval(props, "pStyle"))
        styles.append(chain[0] if chain else "")
        align = align or _ALIGN.get(wval(props, "jc", "") or "", "")
        inlines = list(ir.normalize(reader.inline.read(element, reader.paragraphs)))
        boxes = list(reader.inline.boxes)
        item = list_marker(reader, props, chain, numbers)
        if item and inlines:
            reader.notice(reader.paragraphs, "a list inside a table cell comes in as lines of the cell")
            inlines.insert(0, ir.Text(item))
        for box in boxes:
            reader.notice(reader.paragraphs, "a text box in a table cell comes in as lines of the cell")
            for block in reader.box_blocks(box, depth + 1):
                line = ir.plain(ir.collect(block, (ir.Text, ir.Code, ir.Break)))
                if line:
                    inlines.extend([ir.Break(), ir.Text(line)] if inlines else [ir.Text(line)])
        if parts and inlines:
            parts.append(ir.Break())
        parts.extend(inlines)
    return parts, align, styles


def list_marker(reader: DocumentReader, props, chain, numbers: dict) -> str:
    """`• ` or `3. ` for a list paragraph in a cell (counted within the cell), else ""."""
    num_pr = props.find(w("numPr")) if props is not None else None
    num = wval(num_pr, "numId", "0") if num_pr is not None else "0"
    style = next((names.list_level(n) for n in chain if names.list_level(n)), None)
    if (not num or num == "0") and style is None:
        return ""
    level = _int(wval(num_pr, "ilvl", "0"), 0, 0) if num_pr is not None else style[1] if style else 0
    kind = reader.numbering.level(num or "", level)[0] if num and num != "0" else style[0] if style else ""
    if kind in ("bullet", "none"):
        return "• "
    key = (num or "", level)
    numbers[key] = numbers.get(key, reader.numbering.level(num or "", level)[1] - 1) + 1
    return f"{numbers[key]}. "


def _int(value, default: int, least: int = 1) -> int:
    try:
        return min(max(least, int(value)), 1_000_000)
    except (TypeError, ValueError):
        return default
