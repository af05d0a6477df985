"""The front matter of an imported brief: the source's (or, for a draft re-imported as a new
brief, the one the draft recorded), with only the title and subtitle staff changed in Word
rewritten in place; for a Word file briefexport did not make, a guess to fill in."""

from __future__ import annotations

import json
import re

import yaml

from briefexport.content.reader import split_front_matter
from briefexport.content.text import strip
from briefexport.content.typography import smarten


def split(text: str, shown: str) -> tuple[str, str, str, str]:
    """(the opening fence line, the front matter, the closing fence line, the body): `join` gives
    `text` back exactly."""
    front, body, _ = split_front_matter(text, shown)
    opening_end = text.index("\n") + 1
    closing_start = opening_end + len(front) + (1 if front else 0)
    closing_end = len(text) - len(body)
    return text[:opening_end], front, text[closing_start:closing_end], body


def join(opening: str, front: str, closing: str, body: str) -> str:
    return opening + front + ("\n" if front and not front.endswith("\n") else "") + closing + body


def set_value(front: str, key: str, value: str | None) -> str:
    """`front` with top-level `key` set to `value` (None: removed), the rest of it untouched."""
    try:
        root = yaml.compose(
            front, Loader=yaml.SafeLoader
        )  # the pure-Python loader: its marks count characters
    except yaml.YAMLError:
        return front
    if not isinstance(root, yaml.MappingNode):
        return front
    for key_node, value_node in root.value:
        if getattr(key_node, "value", None) != key:
            continue
        if value is None:
            start = front.rfind("\n", 0, key_node.start_mark.index) + 1
            end = value_node.end_mark.index
            end = end if front[end - 1 : end] == "\n" else (front.find("\n", end) + 1 or len(front))
            return front[:start] + front[end:]
        data = yaml.safe_load(front)
        if same_text(data.get(key), value, str(data.get("language") or "en")):
            return front
        start, end = value_node.start_mark.index, value_node.end_mark.index
        block = value_node.style in ("|", ">")
        return front[:start] + scalar(value, value_node.style) + ("\n" if block else "") + front[end:]
    if value is None:
        return front
    line = f"{key}: {scalar(value, None)}"
    title = next((v for k, v in root.value if getattr(k, "value", None) == "title"), None)
    if title is None:
        return front + ("\n" if front and not front.endswith("\n") else "") + line
    at = title.end_mark.index
    at = at if front[at - 1 : at] == "\n" else (front.find("\n", at) + 1 or len(front))
    glue = "" if front[:at].endswith("\n") else "\n"
    return front[:at] + glue + line + ("\n" if at < len(front) else "") + front[at:]


def language(front: str | None) -> str:
    """The brief's language as its front matter says (the reader's default, English, else)."""
    try:
        data = yaml.safe_load(front) if front else None
    except yaml.YAMLError:
        data = None
    value = data.get("language") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else "en"


def same_text(written, shown: str, language: str) -> bool:
    """Whether a front matter value is what the draft shows: the reader removes characters XML
    cannot hold and prints straight quotes curly, and Word keeps no white space at the ends."""
    if not isinstance(written, str):
        return False
    return " ".join(smarten(strip(written)[0], language).split()) == " ".join(shown.split())


def scalar(value: str, style: str | None) -> str:
    """`value` as a YAML scalar, plain when the source's was and it can be, else double-quoted."""
    if style in (None, "") and value == value.strip() and "\n" not in value:
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def guessed(title: str | None, subtitle: str | None, core: dict[str, str]) -> str:
    """Front matter for a Word file briefexport did not make: what its properties say, as a draft."""
    lines = [f"title: {scalar(title or core.get('title') or 'Untitled', None)}"]
    if subtitle:
        lines.append(f"subtitle: {scalar(subtitle, None)}")
    date = re.match(r"\d{4}-\d{2}-\d{2}", core.get("created", "") or core.get("modified", ""))
    lines.append(f"date: {date.group(0) if date else '2000-01-01'}")
    lines.append("authors:")
    lines.append(f"  - name: {scalar(core.get('creator') or 'Unknown author', None)}")
    lines.append("status: draft")
    return "\n".join(lines)
