"""Boxes in a Word draft, as paragraph styles of the reference document (drawn there with a border
and shading in the brand's colours, so a designer restyles them in Word and the importer knows
them by name): a box's title in "Box Title", the text of a key-points box in "Key Points", of any
other box in "Box Text", a pull quote in "Pull Quote". A list in a box keeps its Word numbering
on paragraphs of the box's style, so the box stays one shaded block.

A draft whose brief has no box does not carry the box styles (`drop_box_styles`): its styles part
is what it was before boxes existed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from markdown_it.tree import SyntaxTreeNode

from briefexport.errors import ContentError, Diagnostic
from briefexport.writers.docx import styles
from briefexport.writers.docx.captions import CaptionWriter, caption_bookmark
from briefexport.writers.docx.oxml import el, paragraph, qn, set_ppr, text_run
from briefexport.writers.docx.reference import BOX_STYLES, Reference
from briefexport.writers.docx.runs import Env, Story

TEXT_STYLE = styles.BOX_TEXT
TITLE_STYLE = styles.BOX_TITLE


class BoxWriter(CaptionWriter):
    """The boxes of BodyWriter (a mixin: it writes the box's blocks with the writer's own rules)."""

    styles: Reference
    shown: str
    decorative: int
    blocks: Callable[[list[SyntaxTreeNode], Story, Env], None]

    def box(self, node: SyntaxTreeNode, story: Story, env: Env) -> None:
        kind, title = node.meta["kind"], node.meta.get("title", "")
        needed = [TEXT_STYLE[kind]] + ([TITLE_STYLE] if title else [])
        missing = [name for name in needed if not self.styles.has(name)]
        if missing:
            line = node.map[0] if node.map else 0
            raise ContentError(
                Diagnostic(
                    self.shown,
                    line,
                    1,
                    f"{self.styles.shown} has no style `{missing[0]}` for this box",
                    "add the box styles to the reference document (Key Points, Box Title, Box Text, Pull "
                    "Quote), or start from the packaged one (tools/make_reference_docx.py)",
                )
            )
        if title:
            p = paragraph(self.styles.style(TITLE_STYLE))
            set_ppr(p, el("w:keepNext"))
            name = node.meta.get("id")
            self.bookmarked(p, [caption_bookmark(name)] if name else [], [text_run(title)])
            story.append(p)
        self.decorative += kind == "pullquote"
        self.blocks(node.children, story, replace(env, box=TEXT_STYLE[kind], quote=False))
        self.decorative -= kind == "pullquote"

    def in_box(self, element) -> bool:
        """Whether a paragraph of the story is one of a box's."""
        style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        names = [*TEXT_STYLE.values(), TITLE_STYLE]
        ids = {self.styles.style(name) for name in names if self.styles.has(name)}
        return style is not None and style.get(qn("w:val")) in ids


def drop_box_styles(document, reference: Reference) -> None:
    """Remove the box styles from a draft without boxes (see the module docstring)."""
    ids = {reference.style(name) for name in BOX_STYLES if reference.has(name)}
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) in ids:
            styles.remove(style)
