"""The edition note of a brief that summarises or translates another ("This Executive Summary is
based on Issue Brief No. 2026-09, <original title>."), worded once for every format: the HTML
formats mark the original's title up as a `<cite>`, the Word draft as a run in its language."""

from __future__ import annotations

from dataclasses import dataclass

from briefexport import i18n
from briefexport.content.model import BriefMeta


@dataclass(frozen=True)
class EditionNote:
    before: str  # the sentence up to the original's title, in the brief's language
    title: str  # the original's title, in its own language and script
    language: str  # the original's language (BCP 47)
    after: str  # the rest of the sentence


def edition_note(meta: BriefMeta, series: str) -> EditionNote | None:
    """The note for a brief with `translation_of`, else None. `series` is the series as this
    edition's masthead names it (writers/shared/context.series: the brief's own, else the brand's
    in the brief's language); the original belongs to it too."""
    original = meta.translation_of
    if original is None:
        return None
    labels = i18n.labels(meta.language)
    key = "translation_of" if meta.edition else "translation_of_plain"
    values = {"edition": meta.edition or "", "series": series, "number": original.number}
    before, _, after = labels[key].partition("{title}")
    return EditionNote(before.format(**values), original.title, original.language, after.format(**values))
