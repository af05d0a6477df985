"""Footnotes and in-document links of a draft, named as in the brief: each Word note gets the
label of the source note it is (the same text, else the same place among the changed ones), a
note new in Word the next free number; a cross-reference to a note (NOTEREF) is that note again;
a link to a Word bookmark is the `#fragment` it was made from."""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher

from briefexport.importer import ir
from briefexport.safety.markup import url_scheme


def label_notes(
    blocks: list,
    notes: dict[str, tuple],
    bookmarks: dict[str, str],
    source_notes: dict[str, tuple],
    source_order: list[str],
) -> tuple[list, list]:
    """(body blocks with `[^label]` keys, NoteDef blocks in citation order)."""

    def word_key(key: str) -> str:
        if key.startswith("bookmark:"):
            name = key.split(":", 1)[1]
            if name in bookmarks:
                return f"w:{bookmarks[name]}"
            written = re.fullmatch(r"_Ref_fn(\d+)", name)  # the writer's own name: the note's Word id
            return f"w:{written.group(1)}" if written else key
        return key

    blocks = ir.map_notes(tuple(blocks), word_key)
    order = [key for key in dict.fromkeys(ref.key for ref in ir.collect(blocks, ir.NoteRef)) if key in notes]
    labels: dict[str, str] = {}
    matcher = SequenceMatcher(
        None, [source_notes[label] for label in source_order], [notes[key] for key in order], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "replace"):
            for k in range(min(i2 - i1, j2 - j1)):
                labels[order[j1 + k]] = source_order[i1 + k]
    used = set(source_notes)
    number = max((int(label) for label in used if label.isdigit()), default=0)
    for key in order:
        if key not in labels:
            number += 1
            while str(number) in used:
                number += 1
            labels[key] = str(number)
            used.add(str(number))
    blocks = ir.map_notes(blocks, lambda key: labels.get(key, key))
    definitions = [ir.NoteDef(labels[key], notes[key]) for key in order]
    return list(blocks), definitions


def unknown_notes(blocks) -> list[str]:
    """Note references that point nowhere (a cross-reference whose note was deleted)."""
    return [
        ref.key for ref in ir.collect(tuple(blocks), ir.NoteRef) if ref.key.startswith(("w:", "bookmark:"))
    ]


def drop_unknown(blocks) -> list:
    return [
        ir.transform(
            block,
            lambda item: (
                ir.Text("")
                if isinstance(item, ir.NoteRef) and item.key.startswith(("w:", "bookmark:"))
                else item
            ),
        )
        for block in blocks
    ]


def fix_anchors(blocks, anchors: dict[str, str]):
    """Word bookmark links back to the fragment the brief wrote (`sec_2` -> `#sec-2`); a relative
    link LibreOffice rewrote from the draft's folder (`../build/docx/x.md`) back to the brief's."""

    def change(item):
        link = item.link
        if link and not link.startswith("#") and url_scheme(link) is None:
            written = anchors.get("file:" + link.rsplit("/", 1)[-1])
            return replace(item, link=written) if written and written != link else item
        if not link or not link.startswith("#"):
            return item
        name = link[1:]
        if name in anchors:
            return replace(item, link=anchors[name])
        section = re.fullmatch(r"sec_(\d+)", name)
        return replace(item, link=f"#sec-{section.group(1)}") if section else item

    return ir.transform(tuple(blocks), change)
