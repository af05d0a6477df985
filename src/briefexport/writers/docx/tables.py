"""GFM tables as Word tables: the reference document's table style, a header row Word repeats on
every page, column widths in proportion to their text, cell alignment kept."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from briefexport.writers.docx.oxml import el, paragraph, set_ppr
from briefexport.writers.docx.reference import Reference
from briefexport.writers.docx.runs import Runs, Story, inline_tokens

EMU_PER_TWIP = 635
_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)")


class TableWriter:
    """The table part of BodyWriter (a mixin: it shares the writer's styles, width and inline)."""

    styles: Reference
    text_width: int  # EMU
    inline: Callable[[list[Token], Runs], None]

    def table(self, node: SyntaxTreeNode, story: Story) -> None:
        rows: list[tuple[bool, list[SyntaxTreeNode]]] = []
        for section in node.children:
            if section.type == "caption":  # written above the table (captions.py)
                continue
            for row in section.children:
                rows.append((section.type == "thead", list(row.children)))
        columns = max((len(cells) for _, cells in rows), default=0)
        if not columns:
            return
        widths = column_widths(rows, columns, self.text_width // EMU_PER_TWIP)
        tbl = el(
            "w:tbl",
            None,
            el(
                "w:tblPr",
                None,
                el("w:tblStyle", {"w:val": self.styles.style("Brief Table")}),
                el("w:tblW", {"w:w": 5000, "w:type": "pct"}),
                el(
                    "w:tblLook",
                    {
                        "w:val": "04A0",
                        "w:firstRow": 1,
                        "w:lastRow": 0,
                        "w:firstColumn": 0,
                        "w:lastColumn": 0,
                        "w:noHBand": 0,
                        "w:noVBand": 1,
                    },
                ),
            ),
            el("w:tblGrid", None, *[el("w:gridCol", {"w:w": w}) for w in widths]),
        )
        for header, cells in rows:
            tr = el("w:tr")
            if header:  # a header row Word repeats on every page the table spans
                tr.append(el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader")))
            for index in range(columns):
                cell = cells[index] if index < len(cells) else None
                tc = el(
                    "w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": widths[index], "w:type": "dxa"}))
                )
                p = paragraph(self.styles.style("Brief Table Text"))
                align = _ALIGN.search(str(cell.attrs.get("style", ""))) if cell is not None else None
                if align:
                    set_ppr(p, el("w:jc", {"w:val": align.group(1)}))
                tc.append(p)
                if cell is not None:
                    self.inline(inline_tokens(cell), Runs(p, story, self.styles))
                tr.append(tc)
            tbl.append(tr)
        story.append(tbl)


def column_widths(rows, columns: int, total: int) -> list[int]:
    """Column widths (twips) in proportion to their longest text, within sensible bounds."""
    weights = []
    for index in range(columns):
        longest = 4
        for header, cells in rows:
            if index < len(cells):
                text = "".join(t.content for t in inline_tokens(cells[index]) if t.type == "text")
                longest = max(longest, (len(text) + 1) // (2 if header else 1))
        weights.append(min(longest, 40))
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths
