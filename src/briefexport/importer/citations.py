"""Reference managers' citation fields in a manuscript, read: Zotero (`ADDIN ZOTERO_ITEM
CSL_CITATION {json}`), Mendeley (`ADDIN CSL_CITATION {json}`) and EndNote (`ADDIN EN.CITE <xml>`,
or its XML base64 in `w:fldData`), and their bibliographies (`ADDIN ZOTERO_BIBL`, `ADDIN
Mendeley Bibliography CSL_BIBLIOGRAPHY`, `ADDIN EN.REFLIST`).

The seam: `parse` gives each citation's items (CSL-JSON `itemData`, locator, prefix, suffix), and
a field whose data cannot be read is named in a warning; until the brief's citation syntax
(`[@key, locator]`, content/references.json) is on main, the field's shown text is what comes in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

MAX_FIELD_CHARS = 2 * 1024 * 1024  # a citation field's data; more is not a citation
_CSL = re.compile(r"^\s*ADDIN\s+(?:ZOTERO_ITEM\s+)?CSL_CITATION\s+", re.IGNORECASE)
_BIBLIOGRAPHY = re.compile(r"^\s*ADDIN\s+(ZOTERO_BIBL|Mendeley Bibliography|EN\.REFLIST)", re.IGNORECASE)


@dataclass
class Cited:
    item: dict  # CSL-JSON
    locator: str = ""
    label: str = ""
    prefix: str = ""
    suffix: str = ""


@dataclass
class Citation:
    manager: str  # "Zotero", "Mendeley", "EndNote"
    items: list[Cited] = field(default_factory=list)


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
                    str(entry.get("locator", "")),
                    str(entry.get("label", "")),
                    str(entry.get("prefix", "")),
                    str(entry.get("suffix", "")),
                )
            )
        return Citation(manager, cited)
    if re.match(r"^\s*ADDIN\s+EN\.CITE\b", head, re.IGNORECASE):
        return Citation("EndNote")  # its records are read with the citation syntax (see the seam)
    return None
