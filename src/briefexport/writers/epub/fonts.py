"""The EPUB's fonts: the brand's fonts that the text needs (writers/shared/fonts.py says which
characters each family must cover), each subset (writers/shared/subset.py), the characters found
in the book's XHTML. Subsets are kept in the output folder's digest cache, so a book built again
with the same text (a rebuild after a change that leaves its characters as they were, another
build into the same folder) cuts no font again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from briefexport.content.locale import base_language
from briefexport.errors import ContentError, Diagnostic
from briefexport.safety.files import check_file
from briefexport.writers.shared.layout import Layout
from briefexport.writers.shared.subset import SUBSETS, cached_subset, font_suffix

XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def characters_by_language(documents: list[bytes], default_language: str) -> dict[str, set[str]]:
    """The characters of every document, grouped by the (base) language of the element they sit in."""
    found: dict[str, set[str]] = {}

    def walk(element, language: str) -> None:
        language = element.get(XML_NS + "lang") or element.get("lang") or language
        chars = found.setdefault(base_language(language), set())
        if element.text:
            chars.update(element.text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child, language)
            if child.tail:
                chars.update(child.tail)
        if element.tag.endswith("}img") and element.get("alt"):
            chars.update(element.get("alt"))  # shown when a picture cannot be

    for document in documents:
        walk(etree.fromstring(document), default_language)
    return found


@dataclass(frozen=True)
class EmbeddedFont:
    family: str
    weight: int
    style: str
    href: str  # from EPUB/
    data: bytes


def embedded_fonts(layout: Layout, needed: dict[str, set[str]]) -> list[EmbeddedFont]:
    """The brand's fonts that the text needs, each subset to the characters of its family."""
    fonts, names, cache = [], set(), layout.cache(SUBSETS)
    for face in layout.brand.fonts:
        chars = needed.get(face.family)
        if not chars:
            continue
        path = check_file(face.path, layout.project)
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem) or "font"
        suffix = font_suffix(path)
        href, counter = f"fonts/{name}{suffix}", 1
        while href in names:
            counter += 1
            href = f"fonts/{name}-{counter}{suffix}"
        names.add(href)
        try:
            data = cached_subset(path, chars, cache, layout.file_digest)
        except ValueError as exc:
            raise ContentError(
                Diagnostic(
                    layout.project.display(path),
                    0,
                    0,
                    f"font of `{face.family}`: {exc}",
                    "point the brand's font at a TrueType or OpenType file",
                )
            ) from None
        fonts.append(EmbeddedFont(face.family, face.weight, face.style, href, data))
    return fonts
