"""A Word manuscript (a file briefexport did not make) as a new brief: its front matter filled from
what the file says, its title taken from the first Heading 1 when it has no Title paragraph, its
links to Word bookmarks mapped or dropped, and what the import did counted for the summary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefexport.errors import Report
from briefexport.importer import anchors, captions, crossrefs, ir
from briefexport.importer.front_matter import scalar
from briefexport.importer.links import spans

_SPLIT_NAMES = re.compile(r"\s*(?:;|\band\b|&|\n)\s*")


@dataclass
class Summary:
    notes: int = 0
    pictures: int = 0
    converted: int = 0
    kept: int = 0
    links_mapped: int = 0
    links_dropped: int = 0
    captions: int = 0
    references: int = 0  # `@fig-`/`@tbl-` references made of REF fields and links to captions
    placeholders: int = 0
    missing_descriptions: list[str] = field(default_factory=list)

    def line(self, warnings: int) -> str:
        parts = [
            f"{self.notes} note{'s' * (self.notes != 1)}",
            f"{self.pictures} picture{'s' * (self.pictures != 1)} ({self.converted} converted, "
            f"{self.kept} kept as Word had them)",
            f"{self.captions} caption{'s' * (self.captions != 1)} with ids, {self.references} "
            f"cross-reference{'s' * (self.references != 1)} to them",
            f"{self.links_mapped} link{'s' * (self.links_mapped != 1)} to bookmarks mapped, "
            f"{self.links_dropped} dropped",
            f"{warnings} warning{'s' * (warnings != 1)}",
        ]
        return "imported: " + ", ".join(parts)


def take_title(blocks: list) -> tuple[list, str | None, int | None]:
    """(blocks, title, its place among the headings): the first Heading 1 as the title of a
    manuscript without a Title paragraph."""
    place = 0
    for index, block in enumerate(blocks):
        if isinstance(block, ir.Heading):
            place += 1
            if block.level == 2:
                return blocks[:index] + blocks[index + 1 :], ir.plain(block.inlines), place
    return blocks, None, None


def name_ids(blocks: list, definitions: list, taken: dict[str, int], summary: Summary):
    """A manuscript's captions and the headings links go to given ids, cross-references to
    captions made `@` references (captions.py, crossrefs.py); (blocks, definitions, bookmark ->
    id for importer/targets.py to name)."""
    blocks, caption_ids, summary.captions = captions.name_captions(blocks, taken)
    blocks = crossrefs.references(blocks, caption_ids)
    definitions = crossrefs.references(definitions, caption_ids)
    blocks, section_ids = captions.name_sections(blocks, captions.linked(blocks + definitions), taken)
    return blocks, definitions, {**caption_ids, **section_ids}


def count_targets(blocks: list, summary: Summary, named: set[str]) -> None:
    """References to captions, and links to the sections of the ids `name_ids` gave, counted."""
    found = ir.collect(tuple(blocks), ir.XRef)
    summary.references = sum(item.id.startswith(("fig-", "tbl-")) for item in found)
    sections = [target for block in blocks for _, target in spans(block) if target[1:] in named]
    summary.links_mapped += len(sections)


def map_links(draft, blocks: list, definitions: list, title_place, known: set[str], shown, report: Report):
    """Links to Word bookmarks mapped to the brief's sections, or kept as text with a warning at
    the Word paragraph they are in; (blocks, definitions, mapped count, dropped count)."""
    blocks, mapped, dropped = anchors.map_bookmarks(blocks, draft.headings, title_place, known)
    definitions, mapped_notes, dropped_notes = anchors.map_bookmarks(
        definitions, draft.headings, title_place, known
    )
    blocks = [crossrefs.each_inlines(block, ir.normalize) for block in blocks]  # a dropped link's
    definitions = [crossrefs.each_inlines(block, ir.normalize) for block in definitions]  # text joins
    where: dict[str, tuple[int, str]] = {}
    for paragraph, name, text in draft.links:
        where.setdefault(name, (paragraph, " ".join(text.split())))
    for name in dict.fromkeys(dropped + dropped_notes):
        paragraph, text = where.get(name, (0, ""))
        report.warn(
            shown,
            0,
            0,
            (f"paragraph {paragraph}: " if paragraph else "")
            + f"the link “{text or name}” goes to Word's bookmark `{name}`, which marks no heading "
            "and no caption: its text is kept without the link",
        )
    return blocks, definitions, len(mapped) + len(mapped_notes), len(set(dropped + dropped_notes))


def front_matter(
    title: str | None, subtitle: str | None, core: dict[str, str], registry: dict
) -> tuple[str, list[str]]:
    """(front matter, what only the author can add) for a manuscript: title and subtitle, the
    date it was created, its authors (ids from authors.yaml where the name is there, else
    `- name:` entries), its keywords; `status: draft` until someone decides."""
    missing = []
    if not title:
        missing.append("the title (none in the Word file: `title: Untitled`)")
    lines = [f"title: {scalar(title or core.get('title') or 'Untitled', None)}"]
    if subtitle:
        lines.append(f"subtitle: {scalar(subtitle, None)}")
    date = re.match(r"\d{4}-\d{2}-\d{2}", core.get("created", "") or core.get("modified", ""))
    if not date:
        missing.append("the date (the Word file records none: `date: 2000-01-01`)")
    lines.append(f"date: {date.group(0) if date else '2000-01-01'}")
    lines.append("authors:")
    names = [n for n in _SPLIT_NAMES.split(core.get("creator", "")) if n.strip()][:20]
    by_name = {" ".join(str(a.name).lower().split()): key for key, a in registry.items()}
    for name in names or ["Unknown author"]:
        key = by_name.get(" ".join(name.lower().split()))
        lines.append(f"  - {scalar(key, None)}" if key else f"  - name: {scalar(name.strip(), None)}")
    if not names:
        missing.append("the authors (the Word file names none: `name: Unknown author`)")
    keywords = [k.strip() for k in re.split(r"[;,]", core.get("keywords", "")) if k.strip()][:20]
    if keywords:
        lines.append("keywords:")
        lines.extend(f"  - {scalar(k, None)}" for k in keywords)
    lines.append("status: draft")
    return "\n".join(lines), missing
