"""Citations back from a Word draft: each Zotero field (`ADDIN ZOTERO_ITEM CSL_CITATION {json}`,
as the DOCX writer makes them and as Zotero adds them; Mendeley's `ADDIN CSL_CITATION {json}` is
the same JSON) becomes the `[@key, locator]` it was made from.

- In a note style the writer set a citation as a footnote holding only its field: such a note
  comes back as the citation, where its call stood, with the punctuation the reader had moved
  before the call put back after it ("weapon.¹" is `weapon [@a].` again).
- An item's `id` is the brief's key. A citation a colleague added with Zotero carries Zotero's
  own id: it gets a new key from its first author and year (`farrell2019`, then `farrell2019a`...),
  and its entry (the field's CSL-JSON) is added to content/references.json.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace

from markdown_it.token import Token

from briefexport.content import yaml_source
from briefexport.content.cite import bibliography
from briefexport.errors import ContentError
from briefexport.importer import ir

_FIELD = re.compile(r"^\s*ADDIN\s+(?:ZOTERO_ITEM\s+)?CSL_CITATION\s+(\{.*\})\s*$", re.S)
_MOVED = ".,;:!?"
_LABEL_WORDS = {
    "chapter": "chap.", "section": "sec.", "paragraph": "para.", "figure": "fig.", "note": "n.",
    "volume": "vol.", "line": "l.", "column": "col.", "part": "pt.", "book": "bk.", "issue": "no.",
    "table": "tbl.", "appendix": "app.", "article-locator": "art.",
}  # fmt: skip
_KEY = re.compile(r"^\w(?:[\w:.#$%&+?<>~/-]*\w)?$")


def cite_of_token(token: Token, link: str | None) -> ir.Cite:
    """A `cite` token of the brief's Markdown (content/cite/syntax.py) as the importer's item."""
    items = tuple(
        ir.CiteItem(i.key, i.locator, i.label, i.prefix, i.suffix, i.suppress_author)
        for i in token.meta["items"]
    )
    return ir.Cite(items, bool(token.meta.get("in_text")), link)


def cite_of_field(instruction: str) -> ir.Cite | None:
    """The citation a field's instruction holds, or None when it is not a CSL citation field."""
    match = _FIELD.match(instruction)
    if match is None:
        return None
    try:
        data = json.loads(match.group(1))
    except (json.JSONDecodeError, RecursionError):
        return None
    entries = data.get("citationItems") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        return None
    items, items_data = [], []
    for entry in entries:
        if not isinstance(entry, dict):
            return None
        found = entry.get("itemData")
        item_data: dict = found if isinstance(found, dict) else {}
        key = str(entry.get("id", item_data.get("id", "")))
        items.append(
            ir.CiteItem(
                key,
                str(entry.get("locator") or "").replace("--", "–"),
                "" if entry.get("label") in (None, "page") else str(entry["label"]),
                str(entry.get("prefix") or "").strip(),
                str(entry.get("suffix") or ""),
                bool(entry.get("suppress-author")),
            )
        )
        items_data.append(json.dumps(item_data, ensure_ascii=False))
    return ir.Cite(tuple(items), data=tuple(items_data))


def citation_markdown(cite: ir.Cite) -> str:
    """`[see @a, 49--51; also @b]`, or `@a [12]` for a citation in the text."""
    parts = []
    for item in cite.items:
        key = item.key if _KEY.match(item.key) else "{" + item.key + "}"
        text = (item.prefix + " " if item.prefix else "") + ("-" if item.suppress_author else "") + "@" + key
        if item.locator:
            label = _LABEL_WORDS.get(item.label, "")
            text += ", " + (label + " " if label else "") + item.locator.replace("–", "--")
        if item.suffix:
            text += item.suffix if item.suffix[:1] in ",.;:)" else " " + item.suffix.lstrip()
        parts.append(text)
    if cite.in_text and len(parts) == 1 and not cite.items[0].prefix:
        item = cite.items[0]
        return "@" + item.key + (f" [{item.locator.replace('–', '--')}]" if item.locator else "")
    return "[" + "; ".join(parts) + "]"


def collapse_notes(blocks: list, notes: dict[str, tuple]) -> tuple[list, dict[str, tuple]]:
    """A footnote that holds nothing but one citation is that citation where its call stands."""
    only = {
        key: note[0].inlines[0]
        for key, note in notes.items()
        if len(note) == 1
        and isinstance(note[0], ir.Paragraph)
        and len(note[0].inlines) == 1
        and isinstance(note[0].inlines[0], ir.Cite)
    }
    if not only:
        return blocks, notes

    def paragraph(block):
        if isinstance(block, (ir.Paragraph, ir.Heading)):
            return replace(block, inlines=_inlines(block.inlines, only))
        if isinstance(block, ir.Quote):
            return replace(block, blocks=tuple(paragraph(b) for b in block.blocks))
        if isinstance(block, ir.ListBlock):
            return replace(block, items=tuple(tuple(paragraph(b) for b in item) for item in block.items))
        return block

    return [paragraph(b) for b in blocks], {k: v for k, v in notes.items() if k not in only}


def _inlines(items: tuple, only: dict) -> tuple:
    out: list = []
    for item in items:
        if not (isinstance(item, ir.NoteRef) and item.key in only):
            out.append(item)
            continue
        before = out[-1] if out and isinstance(out[-1], ir.Text) else None
        moved = ""
        if before is not None:
            text = before.text
            core = text.rstrip(_MOVED)
            moved = text[len(core) :]
            out[-1] = replace(before, text=core)
        out.append(replace(only[item.key], link=item.link))
        if moved:
            out.append(ir.Text(moved))
    return ir.normalize(out)


def new_key(data: dict, taken: set[str]) -> str:
    """A key for a reference added in Word: the first author's family name and the year."""
    names = data.get("author") or data.get("editor") or []
    first = names[0] if isinstance(names, list) and names and isinstance(names[0], dict) else {}
    name = str(first.get("family") or first.get("literal") or data.get("title") or "ref")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "", ascii_name.split()[0] if ascii_name.split() else "") or "ref"
    found = data.get("issued")
    issued: dict = found if isinstance(found, dict) else {}
    parts = issued.get("date-parts") or [[]]
    year = str(parts[0][0]) if parts and parts[0] else ""
    key = stem + year
    suffix = 0
    while key in taken:
        key = (
            stem
            + year
            + "abcdefghijklmnopqrstuvwxyz"[suffix % 26]
            + ("" if suffix < 26 else str(suffix // 26))
        )
        suffix += 1
    return key


def adopt(blocks: list, known: set[str]) -> tuple[list, dict[str, dict]]:
    """Citations of references the bibliography does not have: new keys, and their entries."""
    added: dict[str, dict] = {}
    renamed: dict[str, str] = {}
    taken = set(known)

    def change(item):
        if not isinstance(item, ir.Cite):
            return item
        items = []
        for cite_item, raw in zip(item.items, item.data or ("{}",) * len(item.items), strict=False):
            key = cite_item.key
            if key not in known:
                if key not in renamed:
                    data = json.loads(raw) if raw else {}
                    renamed[key] = new_key(data, taken) if not _KEY.match(key) or key.isdigit() else key
                    taken.add(renamed[key])
                    added[renamed[key]] = {**data, "id": renamed[key]}
                key = renamed[key]
            items.append(replace(cite_item, key=key))
        return replace(item, items=tuple(items))

    return [ir.transform(block, change) for block in blocks], added


def known_keys(project, brief_path, front: str | None) -> set[str]:
    """The keys of the bibliography files the brief reads (content/references.*, `bibliography:`)."""
    files = bibliography.project_files(project)
    try:
        data = yaml_source.load(front or "", "front matter", 1).data if front else None
    except ContentError:  # a broken front matter is reported when the result is read as a brief
        data = None
    named = data.get("bibliography") if isinstance(data, dict) else None
    for name in [named] if isinstance(named, str) else named if isinstance(named, list) else []:
        path = (brief_path.parent / str(name)).resolve()
        if path.is_file() and path.is_relative_to(project.root.resolve()):
            files.append(path)
    references, _ = bibliography.gather(files, project)
    return set(references)


def added_key_problem(message: str, keys: set[str]) -> bool:
    """Whether a reader's message is only that a key the import adds is not in the files yet."""
    return any(message.startswith(f"citation `@{key}`:") for key in keys)


def with_entries(path, entries: dict[str, dict]) -> bytes:
    """content/references.json with `entries` added at its end (a new file if there is none)."""
    existing: list = []
    if path.is_file():
        loaded = json.loads(path.read_text(encoding="utf-8"))
        existing = loaded if isinstance(loaded, list) else []
    return (json.dumps([*existing, *entries.values()], ensure_ascii=False, indent=2) + "\n").encode()
