"""The edition note of a brief that summarises or translates another ("This Executive Summary is
based on Issue Brief No. 2026-09, <original title>."), worded once for every format: the HTML
formats mark the original's title up as a `<cite>`, the Word draft as a run in its language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from briefexport.content import locale
from briefexport.content.model import BriefMeta


@dataclass(frozen=True)
class EditionNote:
    before: str  # the sentence up to the original's title, in the brief's language
    title: str  # the original's title, in its own language and script
    language: str  # the original's language (BCP 47)
    after: str  # the rest of the sentence


def edition_note(meta: BriefMeta, series: str, labels: Mapping[str, str]) -> EditionNote | None:
    """The note for a brief with `translation_of`, else None. `series` is the series as this
    edition's masthead names it (writers/shared/context.series: the brief's own, else the brand's
    in the brief's language); the original belongs to it too. `labels` are the brief language's
    (content/labels.py, as the layout gives them)."""
    original = meta.translation_of
    if original is None:
        return None
    key = "translation_of" if meta.edition else "translation_of_plain"
    number = locale.left_to_right(original.number, locale.direction(meta.language))  # 2026-01(A) in order
    values = {"edition": meta.edition or "", "series": series, "number": number}
    before, _, after = labels[key].partition("{title}")
    return EditionNote(before.format(**values), original.title, original.language, after.format(**values))
