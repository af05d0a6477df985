"""A manuscript's cross-references, before the ids are named (importer/targets.py): a REF field
or a link to a caption's bookmark is an `@fig-`/`@tbl-` reference in place of the words Word
showed ("Figure 1", or a "Figure " typed before a REF showing only the number); one showing other
words (Word's "Only caption text", "Above/below") keeps them as a link to the figure; a REF field to
any other bookmark is a link with the words Word showed, so that one to a heading goes to its
section and one to anything else keeps its words, with the warning every such link gets
(manuscript.map_links)."""

from __future__ import annotations

import re
from dataclasses import replace

from briefexport.importer import ir
from briefexport.importer.captions import LABEL_BEFORE, SHOWN

_PREFIX = "bookmark:"


def references(blocks: list, captions: dict[str, str]) -> list:
    """`blocks` with cross-references to `captions` (bookmark -> id) made `@` references."""
    return [each_inlines(block, lambda inlines: _inlines(inlines, captions)) for block in blocks]


def each_inlines(block, change):
    """`block` with each of its runs of inline items (a paragraph's, a cell's, a caption's) passed
    through `change`, inside lists, quotes, boxes and notes."""
    if isinstance(block, (ir.Paragraph, ir.Heading)):
        return replace(block, inlines=change(block.inlines))
    if isinstance(block, (ir.Quote, ir.NoteDef, ir.Box)):
        return replace(block, blocks=tuple(each_inlines(child, change) for child in block.blocks))
    if isinstance(block, ir.ListBlock):
        return replace(
            block, items=tuple(tuple(each_inlines(child, change) for child in item) for item in block.items)
        )
    if isinstance(block, ir.Table):
        return replace(
            block,
            header=tuple(change(cell) for cell in block.header),
            rows=tuple(tuple(change(cell) for cell in row) for row in block.rows),
            caption=change(block.caption),
        )
    return block


def _inlines(inlines: tuple, captions: dict[str, str]) -> tuple:
    out: list = []
    for item in inlines:
        if isinstance(item, ir.XRef) and item.id.startswith(_PREFIX):
            name = item.id[len(_PREFIX) :]
            if name not in captions:  # a heading's or none: a link, mapped or dropped later
                out.append(ir.Text(item.shown, link="#" + name))
                continue
            shown = item.shown.strip()
            if re.fullmatch(r"\d+(?:[.\-–]\d+)*", shown) and out and isinstance(out[-1], ir.Text):
                label = LABEL_BEFORE.search(out[-1].text)  # "Figure " typed, the REF its number
                if label:
                    out[-1] = replace(out[-1], text=out[-1].text[: label.start()])
                    shown = label.group(0) + shown
            if not SHOWN.fullmatch(shown):  # the caption's text, "above": its words, linked to it
                out.append(ir.Text(item.shown, link="#" + name))
                continue
            out.append(replace(item, capital=_sentence_start(out) and shown[:1].isupper(), shown=shown))
        elif (
            isinstance(item, ir.Text)
            and item.link
            and item.link[1:] in captions
            and item.link.startswith("#")
            and SHOWN.fullmatch(item.text.strip())
        ):
            lead = item.text[: len(item.text) - len(item.text.lstrip())]
            trail = item.text[len(item.text.rstrip()) :]
            out.append(ir.Text(lead, item.flags))
            shown = item.text.strip()
            out.append(
                ir.XRef(_PREFIX + item.link[1:], _sentence_start(out) and shown[:1].isupper(), None, shown)
            )
            out.append(ir.Text(trail, item.flags))
        else:
            out.append(item)
    return ir.normalize(out)


def _sentence_start(before: list) -> bool:
    """Whether a reference after `before` opens a sentence (`@Fig-use` then)."""
    if not before:
        return True
    last = before[-1]
    return isinstance(last, ir.Text) and (
        not last.text.strip() and len(before) == 1 or bool(re.search(r"[.!?]\s+$", last.text))
    )
