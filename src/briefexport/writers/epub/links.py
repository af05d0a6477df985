"""Where a link in a brief goes once the brief is a chapter of a book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from briefexport.content.model import Brief, BriefLink
from briefexport.errors import Diagnostic
from briefexport.safety.markup import link_kind
from briefexport.writers.epub.book import href as package_href
from briefexport.writers.shared import links
from briefexport.writers.shared.layout import Layout


def anchors(brief: Brief) -> set[str]:
    """The ids a link may point at in a brief's XHTML file: the brief's own (Brief.anchors: headings
    by position and by id, figures, tables, boxes) and the notes and parts the EPUB adds."""
    notes = {f"fn-{n + 1}" for n in brief.footnotes} | {f"fnref-{n + 1}" for n in brief.footnotes}
    return set(brief.anchors) | notes | {"title", "notes-heading", "about-heading"}


def link_policy(
    brief: Brief, chapters: list[tuple[Brief, str]], layout: Layout, warnings: list[Diagnostic]
) -> Callable[[str], str | None]:
    """Where a link in `brief` goes in the book.

    The one link policy (writers/shared/links.py): web and mail links stay. A link to another
    brief (resolved by the reader: `brief.links`) goes to that brief's chapter when it is in the
    book; when it is not, its text stays and the link goes, with a warning at its line. Any other
    link keeps its text only (the reader warned about it).
    """
    chapter_of = {other.slug: package_href(path) for other, path in chapters}
    shown = layout.project.display(brief.path)

    def warn(href: str, why: str, where: tuple[int, int] | None = None) -> None:
        line, col = where or _find(brief.path, href)
        warnings.append(
            Diagnostic(
                shown,
                line,
                col,
                f"link `{href}` {why}: the EPUB keeps its text without the link",
                severity="warning",
            )
        )

    def to_chapter(found: BriefLink) -> str | None:
        chapter = chapter_of[found.slug]
        return f"{chapter}#{quote(found.anchor)}" if found.anchor else chapter

    policy = links.link_policy(brief, to_chapter)

    def link(href: str) -> str | None:
        kind = link_kind(href)
        if kind == "fragment" and href.partition("#")[2] not in anchors(brief):
            warn(href, "points at no heading or note of this brief")
            return None
        found = brief.links.get(href) if kind == "relative" else None
        if found is not None and found.slug not in chapter_of:
            warn(href, f"leads to `{found.slug}`, which is not in this book", (found.line, found.col))
            return None
        return policy(href)

    return link


def _find(path: Path, text: str) -> tuple[int, int]:
    """Line and column of the first `text` in a file (1-based), for messages; (0, 0) if not found."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                return number, line.index(text) + 1
    except (OSError, UnicodeDecodeError):
        pass
    return 0, 0
