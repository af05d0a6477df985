"""The files of the book besides its XHTML documents (pictures, logo), and the package itself:
EbookLib writes the package document, the NCX and the container, then the zip is rewritten
reproducibly.

Package layout (inside `EPUB/`):
    content.opf, toc.ncx
    text/cover.xhtml, text/title.xhtml, text/nav.xhtml, text/<brief>.xhtml..., text/colophon.xhtml
    styles/book.css, fonts/<subset fonts>, images/cover.png, images/<pictures>
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ebooklib import epub

from briefexport import __version__
from briefexport.content.format_needs import unmet
from briefexport.errors import ContentError, Diagnostic
from briefexport.safety.files import Refused, check_file
from briefexport.safety.pictures import SVG, check_picture
from briefexport.writers.epub.book import Book
from briefexport.writers.epub.cover import Cover
from briefexport.writers.epub.documents import Document
from briefexport.writers.epub.fonts import EmbeddedFont
from briefexport.writers.shared import reproducible_zip
from briefexport.writers.shared.layout import Layout

_SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    SVG: ".svg",
}


@dataclass
class Pictures:
    """Pictures placed in the book, by their path inside `EPUB/`."""

    names: dict[Path, str] = field(default_factory=dict)  # source path -> path inside EPUB/
    types: dict[str, str] = field(default_factory=dict)  # path inside EPUB/ -> media type

    def add(self, path: Path, media_type: str) -> str:
        if path in self.names:
            return self.names[path]
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-").lower() or "image"
        suffix = _SUFFIXES[media_type]
        name, counter = f"images/{stem}{suffix}", 1
        while name in self.types:
            counter += 1
            name = f"images/{stem}-{counter}{suffix}"
        self.names[path] = name
        self.types[name] = media_type
        return name


def book_pictures(book: Book, layout: Layout) -> Pictures:
    """Every picture of every brief, checked again by the one picture rule (a Brief need not come
    from the reader), each with a text description (the book declares `alternativeText`: the
    EPUB's need, content/format_needs.py, the rule `check` applies too)."""
    pictures, problems = Pictures(), []
    for brief in book.briefs:
        shown = layout.project.display(brief.path)
        problems += unmet(brief, "epub", layout.project)
        for image in brief.images:
            try:
                path = check_file(image.path, layout.project)
                media_type = check_picture(path)
            except Refused as exc:
                problems.append(Diagnostic(shown, image.line, 1, f"image `{image.src}`: {exc}"))
                continue
            pictures.add(path, media_type)
    if problems:
        raise ContentError(problems)
    return pictures


def add_logo(layout: Layout, pictures: Pictures) -> str | None:
    """The brand's logo for the title page, if it is a picture the one picture rule accepts."""
    if layout.brand.logo is None:
        return None
    try:
        path = check_file(layout.brand.logo, layout.project)
        return pictures.add(path, check_picture(path))
    except Refused:
        return None


class _Document(epub.EpubHtml):
    """An XHTML content document written by our templates, stored exactly as rendered.

    (EbookLib's EpubHtml re-parses content with an HTML parser and rebuilds the head, which
    loses attributes on <html> and <body> and our <head>.)
    """

    def __init__(self, document: Document):
        super().__init__(
            uid=document.uid,
            file_name=document.path,
            title=document.title,
            media_type="application/xhtml+xml",
        )
        self.content = document.data
        self.properties = list(document.properties)

    def get_content(self, default=None):
        return self.content


def ncx_toc(entries: list[dict]) -> list:
    """The NCX (for EPUB 2 readers): briefs, their sections and subsections."""
    toc = []
    for index, entry in enumerate(entries, 1):
        path = entry["package_path"]
        children = _ncx_links(path, entry["sections"], f"b{index}")
        toc.append(
            (epub.Section(entry["title"], path), children)
            if children
            else epub.Link(path, entry["title"], f"b{index}")
        )
    return toc


def _ncx_links(path: str, items: list[dict], prefix: str) -> list:
    # A function of its own, not a closure in ncx_toc's loop: each brief's links name that
    # brief's own file (ruff B023), whenever they are made.
    out: list = []
    for item in items:
        href, uid = f"{path}#{item['id']}", f"{prefix}-{item['id']}"
        if item["children"]:
            out.append((epub.Section(item["title"], href), _ncx_links(path, item["children"], prefix)))
        else:
            out.append(epub.Link(href, item["title"], uid))
    return out


def new_package(book: Book) -> epub.EpubBook:
    """An empty EbookLib book with our identifier and generator."""
    ebook = epub.EpubBook()
    ebook.IDENTIFIER_ID = "pub-id"
    ebook.set_identifier(book.identifier)
    ebook.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        (
            "",
            {
                "name": "generator",
                "content": f"briefexport {__version__} (EbookLib {'.'.join(map(str, epub.VERSION))})",
            },
        )
    ]
    return ebook


class _Writer(epub.EpubWriter):
    def _write_opf_file(self, root):
        # The package document's own language (EbookLib writes none; Ace reports it as serious).
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)


def write_package(
    ebook: epub.EpubBook,
    layout: Layout,
    *,
    cover: Cover,
    css: str,
    fonts: list[EmbeddedFont],
    pictures: Pictures,
    spine: list[Document],
    toc: list,
    moment: dt.datetime,
) -> bytes:
    """The book's files into the package, then the zip: mimetype first and stored, fixed times."""
    ebook.set_cover(cover.name, cover.data, create_page=False)
    ebook.add_item(
        epub.EpubItem(uid="css", file_name="styles/book.css", media_type="text/css", content=css.encode())
    )
    for index, font in enumerate(fonts, 1):
        ebook.add_item(
            epub.EpubItem(
                uid=f"font-{index}",
                file_name=font.href,
                media_type=f"font/{font.href.rsplit('.', 1)[-1]}",
                content=font.data,
            )
        )
    for index, (source, name) in enumerate(pictures.names.items(), 1):
        ebook.add_item(
            epub.EpubImage(
                uid=f"img-{index}",
                file_name=name,
                media_type=pictures.types[name],
                content=check_file(source, layout.project).read_bytes(),
            )
        )
    documents = [_Document(document) for document in spine]
    for document in documents:
        ebook.add_item(document)
    ebook.spine = documents
    ebook.add_item(epub.EpubNcx())
    ebook.toc = toc

    buffer = io.BytesIO()
    writer = _Writer(
        buffer,
        ebook,
        {
            "mtime": moment,
            "play_order": {"enabled": True, "start_from": 1},
            "epub2_guide": False,
            "epub3_landmark": False,
            "compresslevel": 0,
        },
    )  # compressed once, below
    writer.process()
    writer.write()
    return reproducible_zip.normalize(buffer.getvalue(), moment, first=["mimetype"], stored={"mimetype"})
