"""A Word manuscript's captions and cross-references as the brief's ids and `@` references.

Word (Insert Caption) writes a paragraph in the Caption style, "Figure {SEQ Figure} 1: Annual
output", its label and number inside a bookmark (`_Ref12345`; LibreOffice's
`Ref_Figure0_label_and_number`); Insert Cross-reference writes a REF field to that bookmark,
showing "Figure 1". The build numbers figures and tables itself, so a caption comes in without its
label and number, as the title of the figure beside it (`![](x.png "Annual output"){#fig-annual-output}`)
or the caption of the table beside it (`: Annual output {#tbl-annual-output}`), and a REF field or a
link to its bookmark as `@fig-annual-output`. Ids are made from the caption's words (unique in the
brief), or from the bookmark when the words give none (a caption in Korean: `fig-ref12345`).

A heading a link or a REF field goes to gets an id of its words too (`## Methods {#sec-methods}`),
so that a section inserted later moves no link; the link keeps the words Word showed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from briefexport.content import labels as label_files
from briefexport.importer import ir

# Caption labels as Word and LibreOffice write them in the languages authors send, beside the
# brief's own languages (the packaged label files): a caption's kind when its SEQ field does not say.
_FIGURES = (
    "figure|fig|abbildung|abb|figura|figuur|afbeelding|rysunek|obrázek|kuva|figur|şekil|рисунок|рис|"
    "illustration|drawing|chart|graph|grafik|graphique|gráfico|exhibit|map|karte|carte|mapa|그림|図|图|圖"
)
_TABLES = "table|tab|tabelle|tabell|tableau|tabla|tabel|tabella|tabela|tabulka|taulukko|tablo|таблица|표|表"


def _labels(key: str, extra: str) -> str:
    return "|".join(
        [extra] + [re.escape(label.lower()) for label in sorted(label_files.every_language(None, key))]
    )


FIGURE_LABEL = re.compile(rf"(?:{_labels('figure', _FIGURES)})\.?", re.IGNORECASE)
TABLE_LABEL = re.compile(rf"(?:{_labels('table', _TABLES)})\.?", re.IGNORECASE)
_NUMBER = r"\d+(?:[.\-–]\d+)*"
# What follows a caption's number: "Figure 1: ", "Table 2 – ", "그림 1. ".
_SEPARATOR = re.compile(r"^[\s\u00a0]*[.:;,–—-]?[\s\u00a0]*")
# A label and number typed (no SEQ field): "Figure 1: ...", "Abb. 3 – ...".
_TYPED = re.compile(rf"^\s*(?:{FIGURE_LABEL.pattern}|{TABLE_LABEL.pattern})\s*{_NUMBER}(?=\W|$)", re.I)
# Words Word shows for a cross-reference to a caption: "Figure 1", "table 2", "그림 1".
SHOWN = re.compile(rf"(?:{FIGURE_LABEL.pattern}|{TABLE_LABEL.pattern})[\s\u00a0]*{_NUMBER}", re.I)
LABEL_BEFORE = re.compile(rf"(?:{FIGURE_LABEL.pattern}|{TABLE_LABEL.pattern})[\s\u00a0]*$", re.I)
_STOP = {"a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "by", "at", "with", "from", "as"}
_MAX_WORDS = 3
# What Word and LibreOffice put around a caption's bookmark name: `_Ref12345`, `Ref_Figure0_label_and_number`.
_BOOKMARK_DRESS = r"^_*ref_*|_*(?:label_and_number|number_only|caption_only|entire)$"


def kind(seq: str, inlines: tuple) -> str:
    """ "figure", "table" or "" (either) for a caption: by its SEQ field's name, else by its label."""
    for label in (seq, ir.plain(inlines)):
        word = re.match(r"\s*(\w+\.?)", label)
        if word and TABLE_LABEL.fullmatch(word.group(1)):
            return "table"
        if word and FIGURE_LABEL.fullmatch(word.group(1)):
            return "figure"
    return ""


def bare(raw: list, span: tuple[int, int] | None) -> tuple:
    """A caption's inlines without its label and number: all before and in the first SEQ field
    (`span`: where its number is among the raw items) and the separator after it; without a SEQ
    field, a typed "Figure 1:" in any of the labels above."""
    if span is not None:
        items = ir.normalize(raw[span[1] :])
    else:
        items = ir.normalize(raw)
        match = _TYPED.match(items[0].text) if items and isinstance(items[0], ir.Text) else None
        if not match:
            return items
        items = (replace(items[0], text=items[0].text[match.end() :]),) + items[1:]
    if items and isinstance(items[0], ir.Text):
        items = (replace(items[0], text=_SEPARATOR.sub("", items[0].text, count=1)),) + items[1:]
    return ir.normalize(items)


def slug(text: str, prefix: str, taken: dict[str, int], fallback: str) -> str:
    """`prefix-` and the first words of `text` (in ASCII, without little words), unique among
    `taken` (id -> how many times it was wanted as a base: which it joins, so a thousand captions
    alike take no quadratic time); from `fallback` (a bookmark's name) when the words give none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [word for word in re.findall(r"[a-z0-9]+", ascii_text) if word not in _STOP][:_MAX_WORDS]
    if not words:
        name = re.sub(_BOOKMARK_DRESS, "", fallback, flags=re.IGNORECASE)
        words = re.findall(r"[a-z0-9]+", name.lower())[:_MAX_WORDS] or ["1"]
    base = f"{prefix}-" + "-".join(words)
    number = taken.get(base, 0)
    found = f"{base}-{number + 1}" if number else base
    while found in taken:
        number += 1
        found = f"{base}-{number + 1}"
    taken[base] = number + 1
    taken.setdefault(found, 1)
    return found


def _bookmarks(key: str) -> list[str]:
    return key[len("bookmark:") :].split(",") if key.startswith("bookmark:") else []


def name_captions(blocks: list, taken: dict[str, int]) -> tuple[list, dict[str, str], int]:
    """(blocks with each captioned figure and table given an id, bookmark -> that id, how many)."""
    ids: dict[str, str] = {}
    count = 0

    def named(block):
        nonlocal count
        if isinstance(block, ir.Figure) and block.caption and not block.id.startswith(("fig-", "tbl-")):
            marks = _bookmarks(block.id)
            new = slug(block.caption, "fig", taken, marks[0] if marks else "")
        elif isinstance(block, ir.Table) and block.caption and not block.id.startswith(("fig-", "tbl-")):
            marks = _bookmarks(block.id)
            new = slug(ir.plain(block.caption), "tbl", taken, marks[0] if marks else "")
        elif isinstance(block, (ir.Quote, ir.Box)):
            return replace(block, blocks=tuple(named(child) for child in block.blocks))
        else:
            return block
        count += 1
        ids.update(dict.fromkeys(marks, new))
        return replace(block, id=new)

    return [named(block) for block in blocks], ids, count


def name_sections(blocks: list, linked: set[str], taken: dict[str, int]) -> tuple[list, dict[str, str]]:
    """(blocks with each heading a link goes to given an id of its words, bookmark -> that id)."""
    ids: dict[str, str] = {}

    def named(block):
        marks = _bookmarks(block.id) if isinstance(block, ir.Heading) else []
        if not linked.intersection(marks):
            return block
        new = slug(ir.plain(block.inlines), "sec", taken, marks[0])
        ids.update(dict.fromkeys(marks, new))
        return replace(block, id=new)

    return [named(block) for block in blocks], ids


def linked(blocks) -> set[str]:
    """The bookmarks links and REF fields go to."""
    found: set[str] = set()
    for item in ir.collect(tuple(blocks), (ir.Text, ir.Code, ir.XRef)):
        if isinstance(item, ir.XRef) and item.id.startswith("bookmark:"):
            found.add(item.id[len("bookmark:") :])
        elif item.link and item.link.startswith("#"):
            found.add(item.link[1:])
    return found
