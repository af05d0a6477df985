"""A collection, or one brief, seen as a book: title, identifier, chapters, table of contents,
creators."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from briefexport.content import locale
from briefexport.content.locale import base_language
from briefexport.content.model import Brief, Collection
from briefexport.writers.shared.identifiers import brief_identifier, collection_identifier

TEXT_DIR = "text"


@dataclass
class Book:
    title: str
    subtitle: str | None
    description: str | None
    language: str
    identifier: str
    briefs: list[Brief]
    source: Path  # the collection or brief file, for messages
    cover: str | None = None  # the collection's own cover, as written in its file
    is_collection: bool = True

    @property
    def date(self) -> dt.date:
        return max(brief.meta.date for brief in self.briefs)

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys([self.language] + [brief.language for brief in self.briefs]))


def as_book(item: Brief | Collection) -> Book:
    if isinstance(item, Collection):
        meta = item.meta
        return Book(
            meta.title,
            meta.subtitle,
            meta.description,
            meta.language,
            collection_identifier(item),
            list(item.briefs),
            item.path,
            cover=meta.cover,
            is_collection=True,
        )
    return Book(
        item.meta.title,
        item.meta.subtitle,
        item.meta.summary,
        item.meta.language,
        brief_identifier(item),
        [item],
        item.path,
        is_collection=False,
    )


def chapter_paths(book: Book) -> list[tuple[Brief, str]]:
    """Each brief's XHTML file inside EPUB/: its slug, made safe for a file name and unique."""
    chapters, used = [], {"cover", "title", "nav", "colophon"}
    for brief in book.briefs:
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", brief.slug).strip("-").lower() or "brief"
        name, counter = stem, 1
        while name in used:
            counter += 1
            name = f"{stem}-{counter}"
        used.add(name)
        chapters.append((brief, f"{TEXT_DIR}/{name}.xhtml"))
    return chapters


def href(package_path: str) -> str:
    """A link from a document in text/ to a file at `package_path` inside EPUB/."""
    return (
        package_path[len(TEXT_DIR) + 1 :] if package_path.startswith(TEXT_DIR + "/") else "../" + package_path
    )


def section_tree(brief: Brief) -> list[dict]:
    """brief.sections (flat, level 2 and 3) as nested entries: sections with their subsections."""
    tree: list[dict] = []
    for section in brief.sections:
        entry = {"title": section.title, "id": section.id, "children": []}
        if section.level > 2 and tree:
            tree[-1]["children"].append(entry)
        else:
            tree.append(entry)
    return tree


def toc_entries(chapters: list[tuple[Brief, str]]) -> list[dict]:
    """The table of contents: every brief, its sections and subsections."""
    return [
        {
            "href": href(path),
            "package_path": path,
            "lang": brief.language,
            "direction": locale.direction(brief.language),
            "title": brief.meta.title,
            "sections": section_tree(brief),
        }
        for brief, path in chapters
    ]


@dataclass(frozen=True)
class Creator:
    name: str
    alternates: tuple[tuple[str, str], ...]  # (language, name) in other scripts


def creators(book: Book) -> list[Creator]:
    """Every author of every brief once, in order of appearance, named in the book's language."""
    seen: dict[str, Creator] = {}
    written = {base_language(brief.language) for brief in book.briefs}  # other scripts: only these
    for brief in book.briefs:
        for author in brief.authors:
            if author.name in seen:
                continue
            main = author.localized(book.language).name
            others = []
            for language in dict.fromkeys(
                ["en", "ko", *(lang for lang in author.languages() if lang in written)]
            ):
                name = author.localized(language).name
                if name != main and (language, name) not in others:
                    others.append((language, name))
            seen[author.name] = Creator(main, tuple(others))
    return list(seen.values())
