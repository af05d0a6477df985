"""Captions and cross-references in a Word draft, made with Word's own machinery, so that staff who
move a table or a figure in Word get it renumbered (F9) and every reference to it follows:

- a caption is a paragraph in the Caption style, "Figure " + a SEQ Figure field + ". " + its text,
  as Insert Caption makes it (a table's above the table, kept with it);
- the label and number of a caption that is referred to sit inside a bookmark named like the
  `_Ref...` bookmarks Word makes for Insert Cross-reference (`_Ref_fig_use`), and a reference to
  it is a REF field to that bookmark (`\\h`: a link; `\\* FirstCap` for `@Fig-use`), showing the
  model's label;
- a reference to a section is a link to its heading's bookmark showing "Section 2" (Word can
  number only numbered headings in a REF field; the briefs' headings are not numbered).

A mixin of BodyWriter (body.py), which holds the document's bookmark ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from briefexport.content.model import Brief
from briefexport.writers.docx.oxml import (
    bookmark_name,
    el,
    field,
    hyperlink,
    paragraph,
    rpr,
    set_ppr,
    text_run,
)
from briefexport.writers.docx.reference import Reference
from briefexport.writers.docx.runs import Runs, Story, inline_tokens

SEQ = {"fig": "Figure", "tbl": "Table"}  # Word's own caption labels, whatever the language shows


def caption_bookmark(target_id: str) -> str:
    """The bookmark around a caption's label and number: hidden (a leading underscore) and named
    `_Ref...` as Word names the ones it makes for cross-references; at most 40 characters."""
    return ("_Ref_" + re.sub(r"[^A-Za-z0-9_]", "_", target_id))[:40]


class CaptionWriter:
    """Captions, bookmarks and cross-references of BodyWriter."""

    brief: Brief
    styles: Reference
    bookmark_ids: int
    bookmarks: set[str]
    labels: dict[str, str]
    decorative: int
    inline: Callable[[list[Token], Runs], None]

    def open_bookmarks(self, p: etree._Element, names: list[str]) -> list[int]:
        """Start bookmarks `names` in `p` (a name already used is left out: Word keeps only the
        first of two bookmarks with one name); their ids, for `close_bookmarks`."""
        opened = []
        for name in names:
            if name and name not in self.bookmarks:
                self.bookmarks.add(name)
                self.bookmark_ids += 1
                opened.append(self.bookmark_ids)
                p.append(el("w:bookmarkStart", {"w:id": self.bookmark_ids, "w:name": name}))
        return opened

    def close_bookmarks(self, p: etree._Element, opened: list[int]) -> None:
        for number in reversed(opened):
            p.append(el("w:bookmarkEnd", {"w:id": number}))

    def bookmarked(self, p: etree._Element, names: list[str], content: list[etree._Element]) -> None:
        """Append `content` to `p` inside bookmarks `names`."""
        opened = self.open_bookmarks(p, names)
        for element in content:
            p.append(element)
        self.close_bookmarks(p, opened)

    def target_bookmark(self, name: str) -> str:
        """The bookmark a link to `#name` goes to: a heading's (`sec_money`), or a figure's, table's
        or box's (`_Ref_fig_use`)."""
        target = self.brief.targets.get(name)
        return caption_bookmark(name) if target is not None and target.kind != "sec" else bookmark_name(name)

    def caption(self, kind: str, token: Token | SyntaxTreeNode, story: Story) -> etree._Element:
        """The Caption paragraph's label ("Figure 1. " as Insert Caption makes it: the number a SEQ
        field, its value the model's), bookmarked when the figure or table has an id."""
        pattern = self.labels["caption_figure" if kind == "fig" else "caption_table"]
        before, _, after = pattern.partition("{number}")
        label = [  # each run its own properties: an lxml element has one parent
            text_run(before, rpr(bold=True)),
            field(f"SEQ {SEQ[kind]} \\* ARABIC", token.meta["number"], rpr(bold=True)),
        ]
        p = paragraph(self.styles.style("Caption"))
        name = token.attrGet("id") or token.meta.get("id")
        self.bookmarked(p, [caption_bookmark(str(name))] if name else [], label)
        p.append(text_run(after + " ", rpr(bold=True)))
        return p

    def table_caption(self, table: SyntaxTreeNode, story: Story) -> None:
        """A table's caption, above the table and kept with it."""
        caption = next(child for child in table.children if child.type == "caption")
        p = self.caption("tbl", table, story)
        set_ppr(p, el("w:keepNext"))
        story.append(p)
        self.inline(inline_tokens(caption), Runs(p, story, self.styles))

    def xref(self, token: Token, runs: Runs) -> None:
        """A cross-reference: a REF field to a caption's bookmark, or a link to a heading's."""
        label, target = token.meta.get("label") or token.content, str(token.meta.get("target") or "")
        kind = self.brief.targets[target].kind if target in self.brief.targets else ""
        if kind in SEQ and not runs.in_link:
            switches = " \\h" + (" \\* FirstCap" if token.meta.get("capital") else "")
            runs.append(field(f"REF {caption_bookmark(target)}{switches}", label, runs.props()))
        elif kind == "sec" and not runs.in_link:
            link = hyperlink(runs.story.part, "#" + self.target_bookmark(target))
            link.append(text_run(label, rpr(self.styles.style("Hyperlink"))))
            runs.append(link)
        else:
            runs.text(label)
