"""Links to Word bookmarks in a manuscript: where each can go in the brief.

A bookmark at or in a heading (Word's `_Toc...` ones, a named one) is that section's id; a link
to it goes there. A bookmark at a caption is a figure's or table's id (`@fig-`, `@tbl-`: see
`caption_target`, the seam for the figures syntax). Any other bookmark has no place a brief can
link to: the link keeps its text, drops its target, and the import says so, naming the Word
paragraph the link is in.

The seam: `section_target` gives the positional id the reader assigns (`#sec-3` for the third
heading) until section ids of their own (`## Heading {#sec-money}`) are part of the brief's
syntax on main; then it gives that id."""

from __future__ import annotations

from dataclasses import replace

from briefexport.importer import ir


def section_target(place: int) -> str:
    """The link to the `place`-th heading of the brief (1 for the first)."""
    return f"#sec-{place}"


def caption_target(name: str) -> str | None:
    """The link to the figure or table a caption's bookmark marks: none until the figures syntax
    (`{#fig-...}`, `{#tbl-...}`) is on main; its link is then kept as text, with a warning."""
    return None


def map_bookmarks(
    blocks: list, headings: dict[str, int], title_place: int | None, known: set[str]
) -> tuple[list, dict[str, str], list[str]]:
    """(blocks with links to bookmarks resolved, bookmark -> target of each mapped, names of those
    dropped). `headings`: bookmark -> place of its heading among the draft's headings;
    `title_place`: the heading taken for the title (its links go to nothing), later ones move up;
    `known`: fragments the brief already has (links written in the source), left alone."""
    mapped: dict[str, str] = {}
    dropped: list[str] = []

    def change(item):
        link = getattr(item, "link", None)
        if not link or not link.startswith("#") or link in known or link[1:] in known:
            return item
        name = link[1:]
        place = headings.get(name)
        if place is not None and place != title_place:
            target = section_target(place - 1 if title_place and place > title_place else place)
            mapped[name] = target
            return replace(item, link=target)
        caption = caption_target(name)
        if caption:
            mapped[name] = caption
            return replace(item, link=caption)
        if name not in dropped:
            dropped.append(name)
        return replace(item, link=None)

    return [ir.transform(block, change) for block in blocks], mapped, dropped
