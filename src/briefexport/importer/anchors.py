"""Links to Word bookmarks in a manuscript: where each can go in the brief.

By the time they come here, links and REF fields to a caption's bookmark are `@fig-`/`@tbl-`
references or links to the figure's id, and those to a heading's bookmark links to the id the
heading was given (importer/captions.py, crossrefs.py, named by targets.py). What is left: a
bookmark in a heading that has no id of its own goes to the positional id the reader assigns
(`#sec-3` for the third heading; only a heading outside the top level could be one), the title's
goes nowhere, and any other bookmark has no place a brief can link to: the link keeps its text,
drops its target, and the import says so, naming the Word paragraph the link is in."""

from __future__ import annotations

from dataclasses import replace

from briefexport.importer import ir


def section_target(place: int) -> str:
    """The link to the `place`-th heading of the brief (1 for the first)."""
    return f"#sec-{place}"


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
        if name not in dropped:
            dropped.append(name)
        return replace(item, link=None)

    return [ir.transform(block, change) for block in blocks], mapped, dropped
