"""Where a link to another brief goes in a Word draft: that brief's draft beside this one, at the
heading's bookmark. One definition, for the writer and for the importer that maps it back."""

from __future__ import annotations

from briefexport.writers.docx.oxml import bookmark_name


def draft_link(slug: str, anchor: str | None) -> str:
    """`other.docx` or `other.docx#sec_2`: drafts link to drafts, so a folder of drafts shared
    with staff keeps working links (a draft linking to a published PDF would point at text that
    may differ)."""
    return f"{slug}.docx" + (f"#{bookmark_name(anchor)}" if anchor else "")
