"""Citation styles and locales: which CSL style a brief uses and in which locale.

The style is the brief's `csl:` (front matter), else the brand's `defaults: briefexport: csl:`
(layouts/brand.yml), else Chicago notes-bibliography (18th edition), the usual think-tank style.
A value is a bundled style's id (`chicago-notes-bibliography`, `chicago-author-date`, `apa`, or
their Zotero addresses, `http://www.zotero.org/styles/apa`) or a `.csl` file in `layouts/` (the
project's own first, as every layout file). The locale follows the brief's language: `en` is
en-US, `en-GB` British English, `ko` ko-KR (the CSL project's primary dialects, locales.json).

The styles and locales are the CSL project's, CC BY-SA 3.0, pinned in defaults/csl/ATTRIBUTION.md.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from briefexport.content import yaml_source
from briefexport.errors import ContentError, Diagnostic, did_you_mean
from briefexport.project import DEFAULTS_DIR, Project
from briefexport.safety.files import Refused, check_file, inside, project_roots

CSL_DIR = DEFAULTS_DIR / "csl"
DEFAULT_STYLE = "chicago-notes-bibliography"
BUNDLED = ("chicago-notes-bibliography", "chicago-author-date", "apa")
MAX_STYLE_BYTES = 2 * 1024 * 1024
_NS = {"csl": "http://purl.org/net/xbiblio/csl"}
_ZOTERO = "http://www.zotero.org/styles/"


@dataclass(frozen=True)
class Style:
    id: str  # the style's own id, as Zotero names it: http://www.zotero.org/styles/apa
    title: str
    path: Path
    note: bool  # a note style (citations become notes) rather than in-text (author-date, numeric)
    xml: str

    @property
    def short_id(self) -> str:
        return self.id.rsplit("/", 1)[-1]


def locale_of(language: str) -> str:
    """The CSL locale of a brief's language: `en` -> en-US, `ko` -> ko-KR, `en-GB` as it is; a
    language CSL has no locale for falls back to en-US (citeproc-js does the same)."""
    tag = language.replace("_", "-")
    parts = tag.split("-")
    if len(parts) > 1:
        dialect = f"{parts[0].lower()}-{parts[1].upper()}"
        if (CSL_DIR / "locales" / f"locales-{dialect}.xml").is_file():
            return dialect
    return _dialects().get(parts[0].lower(), "en-US")


@functools.cache
def _dialects() -> dict[str, str]:
    data = json.loads((CSL_DIR / "locales" / "locales.json").read_text(encoding="utf-8"))
    return dict(data.get("primary-dialects", {}))


# The Korean locale's "and" is a placeholder, "와/과" (a particle that depends on the name before it),
# and citeproc-js sets a term outside Latin, Greek and Cyrillic without spaces: "Farrell와/과Newman".
# The middle dot is what Korean writing puts between co-authors' names ("김영하·이민지",
# "Farrell·Newman"), and citeproc-js sets it right without spaces. The file stays as published.
_OVERLAYS = {"ko-KR": (('<term name="and">와/과</term>', '<term name="and">·</term>'),)}
AND_DELIMITED = {"ko-KR": (", ·", "·")}  # after a delimiter-precedes-last comma: "김영하, ·이민지"


@functools.cache
def locale_xml(locale: str) -> str | None:
    path = CSL_DIR / "locales" / f"locales-{locale}.xml"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    for old, new in _OVERLAYS.get(locale, ()):
        text = text.replace(old, new)
    return text


def brand_style(project: Project) -> tuple[str, str, int] | None:
    """The brand's `defaults: briefexport: csl:` as (value, file shown, line), or None. Read with
    plain YAML: the reader cannot wait for the writers' brand (and a brief needs only this key)."""
    brand = next((d / "brand.yml" for d in project.layout_dirs() if (d / "brand.yml").is_file()), None)
    if brand is None or not inside(brand.resolve(), project_roots(project)):
        return None  # one that leads outside the project (a symlink) is the writers' error
    shown = project.display(brand)
    try:
        source = yaml_source.load(brand.read_text(encoding="utf-8"), shown, 1)
    except (OSError, UnicodeError, ContentError):
        return None  # the writers report what is wrong with brand.yml
    data = source.data
    value = ((data.get("defaults") or {}).get("briefexport") or {}) if isinstance(data, dict) else {}
    value = value.get("csl") if isinstance(value, dict) else None
    if not isinstance(value, str):
        return None
    return value, shown, source.diagnostic_at(("defaults", "briefexport", "csl"), "").line


def find_style(value: str, project: Project) -> Path | None:
    """The file of a style named in `csl:`: a bundled id (or its Zotero address), or a `.csl` file
    in the project's layouts/ (under `layouts/` or `layouts/csl/`), never outside them."""
    name = value.strip()
    if name.startswith(_ZOTERO):
        name = name[len(_ZOTERO) :]
    if not name.endswith(".csl") and name in BUNDLED:
        return CSL_DIR / "styles" / f"{name}.csl"
    file = name if name.endswith(".csl") else f"{name}.csl"
    if "/" in file.replace("\\", "/").removeprefix("csl/") or file.startswith("."):
        return None  # a style is a file name in layouts/, not a path anywhere
    roots = project_roots(project)  # a symlink never leads out of the project (safety/files.py)
    for folder in project.layout_dirs():
        for candidate in (folder / file, folder / "csl" / file):
            resolved = candidate.resolve()
            if candidate.is_file() and resolved.is_relative_to(folder.resolve()) and inside(resolved, roots):
                return candidate
    return None


def known_styles(project: Project) -> list[str]:
    names = list(BUNDLED)
    for folder in project.layout_dirs():
        names += [p.name for p in (*folder.glob("*.csl"), *folder.glob("csl/*.csl"))]
    return names


def load_style(value: str, project: Project, shown: str, line: int, col: int) -> Style:
    """The style `value` names; a located error when there is none or it is not a usable style."""
    path = find_style(value, project)

    def error(message: str, hint: str | None = None) -> ContentError:
        return ContentError(Diagnostic(shown, line, col, message, hint))

    if path is None:
        hint = did_you_mean(value, known_styles(project)) or (
            f"bundled styles: {', '.join(BUNDLED)}; or put a .csl file in layouts/"
        )
        return _raise(error(f"csl: no citation style `{value}`", hint))
    return _parse_style(path, project.display(path), error, project)


def _raise(exc: ContentError) -> Style:
    raise exc


# Kept across runs by construction: keyed by the style file's bytes (read again for each use,
# through the sandbox), so an edited style is a new entry whatever its file's times say.
@functools.lru_cache(maxsize=16)
def _parsed(data: bytes) -> tuple[str, str, str, str, str]:
    """(xml, id, title, class, independent parent) of a style file's bytes."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    info = root.find("csl:info", _NS)

    def text(name: str) -> str:
        found = info.find(f"csl:{name}", _NS) if info is not None else None
        return (found.text or "").strip() if found is not None else ""

    parent = info.find("csl:link[@rel='independent-parent']", _NS) if info is not None else None
    return (
        data.decode("utf-8"),
        text("id"),
        text("title"),
        str(root.get("class", "")),
        str(parent.get("href", "")) if parent is not None else "",
    )


def _parse_style(path: Path, shown: str, error, project: Project) -> Style:
    try:
        with check_file(path, project).open("rb") as handle:  # the one sandbox (safety/files.py)
            data = handle.read(MAX_STYLE_BYTES + 1)
        if len(data) > MAX_STYLE_BYTES:
            raise error(f"csl: the style {shown} is larger than {MAX_STYLE_BYTES // 1024 // 1024} MiB")
        xml, style_id, title, kind, parent = _parsed(data)
    except Refused:
        raise error(f"csl: the style {shown} leads outside the project: it is not read") from None
    except (OSError, UnicodeError, etree.XMLSyntaxError) as exc:
        raise error(f"csl: the style {shown} cannot be read: {exc}") from None
    if parent:
        raise error(
            f"csl: {shown} is a dependent style (it only names its parent, {parent})",
            f"put the parent style, {parent.rsplit('/', 1)[-1]}.csl, in layouts/ and name it instead",
        )
    if kind not in ("note", "in-text") or not re.search(r"<(?:\w+:)?citation\b", xml):
        raise error(f'csl: {shown} is not a CSL style (no class="note" or "in-text" and citation layout)')
    return Style(id=style_id or path.stem, title=title or path.stem, path=path, note=kind == "note", xml=xml)
