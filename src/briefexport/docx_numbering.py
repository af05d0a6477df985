"""List numbering: real Word numbering instances, one per ordered list so each restarts.

The reference document links "List Bullet" and "List Number" to multi-level numbering
definitions (w:abstractNum). Bulleted lists share the bullet style's instance; every ordered
list gets its own w:num over the number definition with a w:startOverride, which is how Word
itself restarts numbering ("Restart at 1") without touching the definition.
"""

from __future__ import annotations

from docx.document import Document

from briefexport.docx_oxml import el, qn


class Numbering:
    def __init__(self, document: Document, bullet: tuple[int, int], number: tuple[int, int]):
        self.root = document.part.numbering_part.element
        self.bullet_num = bullet[0]
        self.number_abstract = number[1]
        used = [int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))]
        self._next = max(used, default=0) + 1

    def ordered(self, level: int, start: int = 1) -> int:
        """A new numbering instance for an ordered list at `level` (0-based) starting at `start`."""
        num_id = self._next
        self._next += 1
        num = el("w:num", {"w:numId": num_id}, el("w:abstractNumId", {"w:val": self.number_abstract}),
                 el("w:lvlOverride", {"w:ilvl": level}, el("w:startOverride", {"w:val": max(0, start)})))
        existing = self.root.findall(qn("w:num"))
        if existing:
            existing[-1].addnext(num)  # before w:numIdMacAtCleanup, which Word may have written last
        else:
            self.root.append(num)
        return num_id


def num_pr(num_id: int, level: int):
    return el("w:numPr", None, el("w:ilvl", {"w:val": level}), el("w:numId", {"w:val": num_id}))
