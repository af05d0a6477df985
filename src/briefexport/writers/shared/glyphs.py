"""Which characters the brand's fonts draw in each language, and the check every format runs
before it prints a brief (content/glyphs.py finds and locates what is missing).

A language's text is set in its body list or its headings list of families (BrandInfo.family_for:
its own fonts, then the Latin ones, then the Korean as CJK fallback), and any of its text may end up
in either (a table, a caption, a heading), so a character is covered when both lists have a face
that maps it. Read from the fonts' cmaps (subset.codepoints, kept per file), once per layout.
"""

from __future__ import annotations

from briefexport.content.glyphs import unprintable
from briefexport.content.locale import base_language
from briefexport.content.model import Brief, Collection
from briefexport.errors import ContentError
from briefexport.writers.shared.fonts import named_families
from briefexport.writers.shared.layout import Layout
from briefexport.writers.shared.subset import codepoints


class Coverage:
    """A callable: language -> the code points the brand's fonts draw in it."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self._known: dict[str, frozenset[int]] = {}

    def __call__(self, language: str) -> frozenset[int]:
        base = base_language(language)
        if base not in self._known:
            brand = self.layout.brand
            per_role = []
            for role in ("base", "headings"):
                families = named_families(brand.family_for(language, role))
                per_role.append(
                    frozenset().union(
                        *(codepoints(face.path) for face in brand.fonts if face.family in families)
                    )
                )
            self._known[base] = per_role[0] & per_role[1]
        return self._known[base]


def coverage(layout: Layout) -> Coverage:
    """The layout's coverage, made once per layout (a build keeps one layout per process)."""
    found = layout.derived.get("coverage")
    if not isinstance(found, Coverage):
        found = layout.derived["coverage"] = Coverage(layout)
    return found


def require_glyphs(item: Brief | Collection, layout: Layout) -> None:
    """Raise a located ContentError for every character of the brief (or of each brief of a
    book) that no font of its language draws."""
    briefs = item.briefs if isinstance(item, Collection) else [item]
    found = [d for brief in briefs for d in unprintable(brief, layout.project, coverage(layout))]
    if found:
        raise ContentError(found)
