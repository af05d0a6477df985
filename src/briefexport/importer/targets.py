"""A draft's ids and cross-references named as in the brief. The DOCX writer carries each of the
brief's ids on a bookmark (writers/docx/captions.py): a figure's, table's or box's around its
caption's label and number (`_Ref_fig_use`), a heading's on the heading (`sec_money`, beside its
positional `sec_2`). Reading the draft leaves them as `bookmark:<names>`; here each becomes the id
it was made from, known from the source brief (source.Source.ids) or, without it, from the draft's
own record (provenance.Provenance.ids). So a caption edited in Word keeps its id, a table moved in
Word keeps its id and its references (REF fields follow their bookmark), and a cross-reference is
`@tbl-cost` again.

A REF field to a bookmark that is none of the brief's ids (a cross-reference staff inserted in
Word to something else) keeps the words Word showed. A link to a heading whose words are exactly a
section's label ("Section 2", "제2절") is how the writer wrote `@sec-...`: it is one again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefexport.content import labels as label_files
from briefexport.importer import ir

_PREFIX = "bookmark:"


def _label_pattern() -> re.Pattern:
    forms = label_files.every_language(None, "xref_section") | label_files.every_language(
        None, "xref_subsection"
    )
    number = re.escape("{number}")
    return re.compile("|".join(re.escape(form).replace(number, r"\d+(?:\.\d+)*") for form in sorted(forms)))


SECTION_LABEL = _label_pattern()


def name_targets(blocks: list, ids: dict[str, str]) -> list:
    """`blocks` with ids and cross-references named (see the module docstring)."""
    return [_block(block, ids) for block in blocks]


def _first(key: str, ids: dict[str, str]) -> str:
    """The brief's id among a block's bookmarks (`bookmark:sec_money,sec_2`), else ""."""
    if not key.startswith(_PREFIX):
        return key
    return next((ids[name] for name in key[len(_PREFIX) :].split(",") if name in ids), "")


def _block(block, ids: dict[str, str]):
    if isinstance(block, (ir.Heading, ir.Figure, ir.Table)):
        block = replace(block, id=_first(block.id, ids))
    if isinstance(block, (ir.Quote, ir.NoteDef, ir.Box)):
        block = replace(block, blocks=tuple(_block(child, ids) for child in block.blocks))
    elif isinstance(block, ir.ListBlock):
        block = replace(
            block, items=tuple(tuple(_block(child, ids) for child in item) for item in block.items)
        )
    return ir.transform(block, lambda item: _inline(item, ids))


def _inline(item, ids: dict[str, str]):
    if isinstance(item, ir.XRef) and item.id.startswith(_PREFIX):
        name = item.id[len(_PREFIX) :]
        if name in ids:
            return replace(item, id=ids[name])
        return ir.Text(item.shown, link=item.link)
    if (
        isinstance(item, ir.Text)
        and item.link
        and item.link.startswith("#")
        and not item.flags
        and SECTION_LABEL.fullmatch(item.text.strip())
    ):
        name = item.link[1:]
        positional = re.fullmatch(r"sec_(\d+)", name)
        target = ids.get(name) or (f"sec-{positional.group(1)}" if positional else "")
        if target:
            return ir.XRef(target, False, None, item.text)
    return item
