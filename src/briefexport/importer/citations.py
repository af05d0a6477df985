"""Reference managers' citation fields in a Word file, read, and citations back into a brief.

The fields: Zotero (`ADDIN ZOTERO_ITEM CSL_CITATION {json}`, as the DOCX writer makes them and as
Zotero adds them), Mendeley (`ADDIN CSL_CITATION {json}`, the same JSON) and EndNote (`ADDIN
EN.CITE <xml>`, or its XML base64 in `w:fldData`), and their bibliographies (`ADDIN ZOTERO_BIBL`,
`ADDIN Mendeley Bibliography CSL_BIBLIOGRAPHY`, `ADDIN EN.REFLIST`). `parse` gives each citation's
items (CSL-JSON `itemData`, locator, prefix, suffix); a field whose data cannot be read is named in
a warning and its shown text comes in, as does an EndNote citation's (its records are not CSL).

A Zotero or Mendeley citation, in a draft or a manuscript, becomes the `[@key, locator]` it was
made from (`cite_of_field`):
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
from dataclasses import dataclass, field, replace

from markdown_it.token import Token

from briefexport.content import yaml_source
from briefexport.content.cite import bibliography
from briefexport.errors import ContentError
from briefexport.importer import ir
from briefexport.safety.files import inside, project_roots

MAX_FIELD_CHARS = 2 * 1024 * 1024  # a citation field's data; more is not a citation
_CSL = re.compile(r"^\s*ADDIN\s+(?:ZOTERO_ITEM\s+)?CSL_CITATION\s+", re.IGNORECASE)
_BIBLIOGRAPHY = re.compile(r"^\s*ADDIN\s+(ZOTERO_BIBL|Mendeley Bibliography|EN\.REFLIST)", re.IGNORECASE)
_MOVED = ".,;:!?"
_LABEL_WORDS = {
    "chapter": "chap.", "section": "sec.", "paragraph": "para.", "figure": "fig.", "note": "n.",
    "volume": "vol.", "line": "l.", "column": "col.", "part": "pt.", "book": "bk.", "issue": "no.",
    "table": "tbl.", "appendix": "app.", "article-locator": "art.",
}  # fmt: skip
_KEY = re.compile(r"^\w(?:[\w:.#$%&+?<>~/-]*\w)?$")


@dataclass
class Cited:
    item: dict  # CSL-JSON
    locator: str = ""
    label: str = ""
    prefix: str = ""
    suffix: str = ""
    id: str = ""  # the brief's key when the DOCX writer made the field; Zotero's own id otherwise
    suppress_author: bool = False


@dataclass
class Citation:
    manager: str  # "Zotero", "Mendeley", "EndNote"
    items: list[Cited] = field(default_factory=list)
    properties: dict = field(default_factory=dict)  # formattedCitation, noteIndex... (authorsInText: ours)


class Unreadable(Exception):
    """A citation field whose data cannot be read: why."""


def is_bibliography(instruction: str) -> bool:
    return bool(_BIBLIOGRAPHY.match(instruction[:200]))


def parse(instruction: str) -> Citation | None:
    """The citation a field holds; None when the field is no citation; Unreadable when it is one
    whose data cannot be read (invalid JSON, too long, no items)."""
    head = instruction[:200]
    match = _CSL.match(head)
    if match:
        manager = "Zotero" if "ZOTERO" in head.upper() else "Mendeley"
        if len(instruction) > MAX_FIELD_CHARS:
            raise Unreadable(f"its data is over {MAX_FIELD_CHARS // (1024 * 1024)} MB")
        try:
            data = json.loads(instruction[match.end() :].strip())
        except (ValueError, RecursionError) as exc:
            raise Unreadable(f"its data is not valid JSON ({str(exc)[:80]})") from None
        items = data.get("citationItems") if isinstance(data, dict) else None
        if not isinstance(items, list) or not items:
            raise Unreadable("it lists no cited items")
        cited = []
        for entry in items:
            item = entry.get("itemData") if isinstance(entry, dict) else None
            if not isinstance(item, dict):
                raise Unreadable("a cited item has no item data")
            cited.append(
                Cited(
                    item,
                    str(entry.get("locator") or ""),
                    str(entry.get("label") or ""),
                    str(entry.get("prefix") or ""),
                    str(entry.get("suffix") or ""),
                    str(entry.get("id", item.get("id", ""))),
                    bool(entry.get("suppress-author")),
                )
            )
        properties = data.get("properties")
        return Citation(manager, cited, properties if isinstance(properties, dict) else {})
    if re.match(r"^\s*ADDIN\s+EN\.CITE\b", head, re.IGNORECASE):
        return Citation("EndNote")  # its records are not CSL: the field's shown text comes in
    return None


def cite_of_token(token: Token, link: str | None) -> ir.Cite:
    """A `cite` token of the brief's Markdown (content/cite/syntax.py) as the importer's item."""
    items = tuple(
        ir.CiteItem(i.key, i.locator, i.label, i.prefix, i.suffix, i.suppress_author)
        for i in token.meta["items"]
    )
    return ir.Cite(items, bool(token.meta.get("in_text")), link)


def cite_of_field(instruction: str) -> ir.Cite | None:
    """The `[@key, locator]` a Zotero or Mendeley field's instruction holds, or None: no such field,
    one whose data cannot be read (InlineReader.citation names it) or an EndNote citation."""
    try:
        citation = parse(instruction)
    except Unreadable:
        return None
    if citation is None or not citation.items:
        return None
    items = tuple(
        ir.CiteItem(
            cited.id,
            cited.locator.replace("--", "–"),
            "" if cited.label == "page" else cited.label,
            cited.prefix.strip(),
            cited.suffix,
            cited.suppress_author,
        )
        for cited in citation.items
    )
    data = tuple(json.dumps(cited.item, ensure_ascii=False) for cited in citation.items)
    return ir.Cite(items, data=data, names=str(citation.properties.get("authorsInText") or ""))


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
    """A footnote that holds nothing but one citation is that citation where its call stands, in
    any block (a list, a quote, a box, a table); one the writer set after the names of `@key says`
    (the field's `authorsInText`) is that again, the names taken back into it."""
    only = {
        key: note[0].inlines[0]
        for key, note in notes.items()
        if len(note) == 1
        and isinstance(note[0], ir.Paragraph)
        and len(note[0].inlines) == 1
        and isinstance(note[0].inlines[0], ir.Cite)
    }

    def change(inlines: tuple) -> tuple:
        return _in_text(_inlines(inlines, only) if only else inlines)

    return list(ir.map_inline_runs(tuple(blocks), change)), {
        key: ir.map_inline_runs(note, change) for key, note in notes.items() if key not in only
    }


def _in_text(inlines: tuple) -> tuple:
    out = list(ir.normalize(inlines))
    for at, item in enumerate(out):
        before = out[at - 1] if at else None
        if not (isinstance(item, ir.Cite) and item.names and isinstance(before, ir.Text)):
            continue
        core = before.text.rstrip()
        if core.endswith(item.names):  # as the writer left them: a colleague's edit keeps both
            out[at - 1] = replace(before, text=core[: len(core) - len(item.names)])
            items = tuple(replace(cited, suppress_author=False) for cited in item.items)
            out[at] = replace(item, in_text=True, items=items)
    return ir.normalize(out)


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
        if path.is_file() and inside(path, project_roots(project)):
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
