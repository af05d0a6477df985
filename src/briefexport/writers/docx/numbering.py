"""List numbering: real Word numbering instances, one per ordered list so each restarts.

The reference document links "List Bullet" and "List Number" to multi-level numbering
definitions (w:abstractNum). Bulleted lists share the bullet style's instance; every ordered
list gets its own w:num over the number definition with a w:startOverride, which is how Word
itself restarts numbering ("Restart at 1") without touching the definition.
"""

from __future__ import annotations

from docx.document import Document

from briefexport.writers.docx.oxml import el


class Numbering:
    def __init__(self, document: Document, bullet: tuple[int, int], number: tuple[int, int]):
        self.root = document.part.numbering_part.element  # python-docx's CT_Numbering
        self.bullet_num = bullet[0]
        self.number_abstract = number[1]

    def ordered(self, level: int, start: int = 1) -> int:
        """A new numbering instance for an ordered list at `level` (0-based) starting at `start`."""
        num = self.root.add_num(self.number_abstract)
        num.add_lvlOverride(ilvl=level).add_startOverride(max(0, start))
        return num.numId


def num_pr(num_id: int, level: int):
    return el("w:numPr", None, el("w:ilvl", {"w:val": level}), el("w:numId", {"w:val": num_id}))
