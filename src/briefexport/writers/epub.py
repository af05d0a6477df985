"""EPUB 3 with EbookLib: a collection of briefs (or a single brief) as one reflowable book.

Every brief becomes its own XHTML file in its own language, rendered by the same function as the
PDF (`briefexport.html`) and laid out by the Jinja templates in `layouts/epub/`. EbookLib writes
the package document, the NCX and the container; the zip is then rewritten reproducibly.

Package layout (inside `EPUB/`):
    content.opf, toc.ncx
    text/cover.xhtml, text/title.xhtml, text/nav.xhtml, text/<brief>.xhtml..., text/colophon.xhtml
    styles/book.css, fonts/<subset fonts>, images/cover.png, images/<pictures>
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from ebooklib import epub
from lxml import etree
from markupsafe import Markup

from briefexport import __version__, cover, fontsubset, i18n, zipfix
from briefexport.errors import ContentError, Diagnostic
from briefexport.html import render_body, render_notes
from briefexport.layouts import Layout
from briefexport.model import Brief, Collection
from briefexport.resources import Refused, check_file, resolve_local
from briefexport.writers.html import document_context, edition_note
from briefexport.xhtml import to_xhtml

TEXT_DIR = "text"
XML_NS = "{http://www.w3.org/XML/1998/namespace}"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

# Labels only the EPUB needs; everything else comes from briefexport.i18n.
EPUB_LABELS = {
    "en": {
        "cover": "Cover",
        "title_page": "Title page",
        "start": "Start of content",
        "colophon": "Colophon",
        "landmarks": "Guide",
        "cover_alt": "Cover of {title}",
        "published_by": "Published by {publisher}",
        "disclaimer_collection": "The views expressed in these briefs are the authors' own and do not necessarily reflect those of {institute}.",
        "typeset_in": "Set in {fonts}, used under the SIL Open Font License 1.1.",
        "made_with": "Made with briefexport {version}.",
        "identifier": "Identifier",
        "accessibility": "Accessibility",
        "accessibility_summary": (
            "This publication aims to meet WCAG 2.1 Level AA. Each brief is marked with its language; "
            "the table of contents lists every brief and its sections; headings follow the structure of "
            "the text; every picture has a text description; tables have header cells; footnotes link "
            "to their notes and back; the reading order follows the printed order; text can be resized "
            "and restyled."),
    },
    "ko": {
        "cover": "표지",
        "title_page": "속표지",
        "start": "본문 시작",
        "colophon": "판권",
        "landmarks": "안내",
        "cover_alt": "{title} 표지",
        "published_by": "{publisher} 발행",
        "disclaimer_collection": "이 책에 담긴 견해는 저자 개인의 것이며 {institute}의 공식 입장과 다를 수 있습니다.",
        "typeset_in": "{fonts} 글꼴을 SIL Open Font License 1.1에 따라 사용하였습니다.",
        "made_with": "briefexport {version}(으)로 만들었습니다.",
        "identifier": "식별자",
        "accessibility": "접근성",
        "accessibility_summary": (
            "이 출판물은 WCAG 2.1 AA 수준을 목표로 합니다. 각 브리프에는 언어가 표시되어 있고, 차례에는 모든 "
            "브리프와 절이 실려 있으며, 제목 구조가 본문 구조를 따릅니다. 모든 그림에는 대체 텍스트가 있고, 표에는 "
            "머리글 칸이 있으며, 각주는 본문과 서로 연결됩니다. 읽기 순서는 인쇄본과 같고, 글자 크기와 모양을 "
            "바꿀 수 있습니다."),
    },
}

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def epub_labels(language: str) -> dict[str, str]:
    return {**i18n.labels(language), **EPUB_LABELS.get(i18n.base_language(language), EPUB_LABELS["en"])}


# ---------------------------------------------------------------------------------------------
# What the book is made of


@dataclass
class Book:
    """A collection, or one brief, seen as a book."""

    title: str
    subtitle: str | None
    description: str | None
    language: str
    identifier: str
    briefs: list[Brief]
    source: Path  # the collection or brief file, for messages
    cover: Path | None = None
    is_collection: bool = True

    @property
    def date(self) -> dt.date:
        return max(brief.meta.date for brief in self.briefs)


def as_book(item: Brief | Collection, layout: Layout) -> Book:
    if isinstance(item, Collection):
        meta = item.meta
        identifier = meta.identifier or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'briefexport:collection:{item.slug}:{meta.title}')}"
        book = Book(meta.title, meta.subtitle, meta.description, meta.language, identifier, list(item.briefs),
                    item.path, is_collection=True)
        if meta.cover:
            book.cover = _collection_cover(item, layout)
        return book
    meta = item.meta
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'briefexport:brief:{item.slug}:{meta.title}')}"
    return Book(meta.title, meta.subtitle, meta.summary, meta.language, identifier, [item], item.path,
                is_collection=False)


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level `key:` in a YAML file (for messages), else 0."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return 0


def _collection_cover(collection: Collection, layout: Layout) -> Path:
    shown = layout.project.display(collection.path)
    line = _key_line(collection.path, "cover")
    try:
        path = resolve_local(collection.meta.cover, collection.path.parent, layout.project)
    except Refused as exc:
        raise ContentError(Diagnostic(shown, line, 1, f"cover `{collection.meta.cover}`: {exc}")) from None
    if _raster_type(path) not in ("image/png", "image/jpeg"):
        raise ContentError(Diagnostic(shown, line, 1, f"cover `{collection.meta.cover}`: not a PNG or JPEG image",
                                      "readers show only raster covers in their library views"))
    return path


def _raster_type(path: Path) -> str | None:
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as image:
            image.verify()
            return MEDIA_TYPES.get(image.format or "")
    except Exception:
        return None


def _svg_is_safe(data: bytes) -> bool:
    """An SVG picture without scripts, foreign content, event handlers or external references."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError:
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname.lower()
        if local in ("script", "foreignobject", "iframe", "use", "image", "a", "style"):
            return False
        for name, value in element.attrib.items():
            attr = etree.QName(name).localname.lower()
            if attr.startswith("on") or (attr == "href" and not value.startswith("#")):
                return False
    return True


# ---------------------------------------------------------------------------------------------
# Resources: images, logo, fonts


@dataclass
class Package:
    """Files placed in the EPUB besides the XHTML documents, by their path inside `EPUB/`."""

    images: dict[Path, str] = field(default_factory=dict)  # source path -> href from EPUB/
    image_types: dict[str, str] = field(default_factory=dict)  # href -> media type
    names: set[str] = field(default_factory=set)

    def add_image(self, path: Path, media_type: str) -> str:
        if path in self.images:
            return self.images[path]
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-").lower() or "image"
        suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
                  "image/svg+xml": ".svg"}[media_type]
        name, counter = f"images/{stem}{suffix}", 1
        while name in self.names:
            counter += 1
            name = f"images/{stem}-{counter}{suffix}"
        self.names.add(name)
        self.images[path] = name
        self.image_types[name] = media_type
        return name


def collect_images(book: Book, layout: Layout, package: Package) -> None:
    """Every picture of every brief: inside the project, a type readers support, with a description."""
    problems = []
    for brief in book.briefs:
        shown = layout.project.display(brief.path)
        for image in brief.images:
            try:
                path = check_file(image.path, layout.project)
            except Refused as exc:
                problems.append(Diagnostic(shown, image.line, 1, f"image `{image.src}`: {exc}"))
                continue
            media_type = _raster_type(path)
            if media_type is None and path.suffix.lower() == ".svg":
                media_type = "image/svg+xml" if _svg_is_safe(path.read_bytes()) else None
                if media_type is None:
                    problems.append(Diagnostic(shown, image.line, 1, f"image `{image.src}`: SVG with scripts, "
                                               "links or embedded content cannot go into an EPUB"))
                    continue
            if media_type is None:
                problems.append(Diagnostic(shown, image.line, 1, f"image `{image.src}`: not a PNG, JPEG, GIF, "
                                           "WebP or SVG picture"))
                continue
            if not image.alt.strip():
                problems.append(Diagnostic(shown, image.line, 1, f"image `{image.src}` has no text description",
                                           "write what the picture shows between the brackets: ![description](path); "
                                           "the EPUB declares WCAG 2.1 AA conformance"))
                continue
            package.add_image(path, media_type)
    if problems:
        raise ContentError(problems)


_WIDE = re.compile("[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
                   "\U00020000-\U0003ffff]")
_FAMILY = re.compile(r'"([^"]+)"')
_CSS_CONTENT = re.compile(r'content:\s*"((?:[^"\\]|\\.)*)"')
# Characters a reading system may draw itself: hyphens when it hyphenates (U+2010 in WebKit and
# WeasyPrint), list numbers and bullets, the no-break space, the ellipsis of cut-off text.
READER_CHARACTERS = frozenset(" -\u2010\u00a0.,0123456789\u2022\u25e6\u25aa\u2026")


def characters_by_language(documents: list[bytes], default_language: str) -> dict[str, set[str]]:
    """The characters of every document, grouped by the (base) language of the element they sit in."""
    found: dict[str, set[str]] = {}

    def walk(element, language: str) -> None:
        language = element.get(XML_NS + "lang") or element.get("lang") or language
        chars = found.setdefault(i18n.base_language(language), set())
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


def font_characters(layout: Layout, by_language: dict[str, set[str]], css: str) -> dict[str, set[str]]:
    """Characters each font family must cover.

    A family gets the text of every language for which it is the first choice (body or headings).
    A family chosen for a CJK language also gets every CJK character anywhere, since the other
    languages' font lists fall back to it for such characters (e.g. a Hangul title cited in an
    English brief). So an English-only book carries no Korean font at all.
    """
    brand = layout.brand
    generated = set("".join(_CSS_CONTENT.findall(css))) | READER_CHARACTERS
    per_family: dict[str, set[str]] = {}
    cjk_families = {family for lang, roles in brand.extra.get("fonts", {}).items()
                    if lang in ("ko", "ja", "zh") for family in roles.values()}
    wide = {c for chars in by_language.values() for c in chars if _WIDE.match(c)}
    for language, chars in by_language.items():
        for role in ("base", "headings"):
            families = _FAMILY.findall(brand.family_for(language, role))
            if families:
                per_family.setdefault(families[0], set()).update(chars, generated)
    for family in cjk_families:
        if wide:
            per_family.setdefault(family, set()).update(wide)
    return {family: {c for c in chars if c not in "\n\r\t"}
            for family, chars in per_family.items() if any(not c.isspace() for c in chars)}


@dataclass(frozen=True)
class EmbeddedFont:
    family: str
    weight: int
    style: str
    href: str  # from EPUB/
    data: bytes


def embedded_fonts(layout: Layout, needed: dict[str, set[str]]) -> list[EmbeddedFont]:
    """The brand's fonts that the text needs, each subset to the characters of its family."""
    fonts, names = [], set()
    for face in layout.brand.fonts:
        chars = needed.get(face.family)
        if not chars:
            continue
        path = check_file(face.path, layout.project)
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem) or "font"
        href, counter = f"fonts/{name}.ttf", 1
        while href in names:
            counter += 1
            href = f"fonts/{name}-{counter}.ttf"
        names.add(href)
        try:
            data = fontsubset.subset_font(path, chars)
        except ValueError as exc:
            raise ContentError(Diagnostic(layout.project.display(path), 0, 0, f"font of `{face.family}`: {exc}",
                                          "point the brand's font at a TrueType or OpenType file")) from None
        fonts.append(EmbeddedFont(face.family, face.weight, face.style, href, data))
    return fonts


# ---------------------------------------------------------------------------------------------
# Documents


class _Document(epub.EpubHtml):
    """An XHTML content document written by our templates, stored exactly as rendered.

    (EbookLib's EpubHtml re-parses content with an HTML parser and rebuilds the head, which
    loses attributes on <html> and <body> and our <head>.)
    """

    def __init__(self, uid: str, file_name: str, title: str, content: bytes, properties: list[str] | None = None):
        super().__init__(uid=uid, file_name=file_name, title=title, media_type="application/xhtml+xml")
        self.content = content
        self.properties = list(properties or [])

    def get_content(self, default=None):
        return self.content


def well_formed(data: bytes, template: str, layout: Layout) -> bytes:
    """`data` if it parses as XML, else a located error naming the template."""
    try:
        etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        name = f"layouts/epub/{template}"
        for directory in layout.dirs:
            if (directory / "epub" / template).is_file():
                name = layout.project.display(directory / "epub" / template)
                break
        raise ContentError(Diagnostic(name, 0, 0, f"the template makes XHTML that is not well-formed: {exc}")) from None
    return data


def _section_tree(brief: Brief) -> list[dict]:
    """brief.sections (flat, level 2 and 3) as nested entries: sections with their subsections."""
    tree: list[dict] = []
    for section in brief.sections:
        entry = {"title": section.title, "id": section.id, "children": []}
        if section.level > 2 and tree:
            tree[-1]["children"].append(entry)
        else:
            tree.append(entry)
    return tree


def _href(package_path: str) -> str:
    """A link from a document in text/ to a file at `package_path` inside EPUB/."""
    return package_path[len(TEXT_DIR) + 1:] if package_path.startswith(TEXT_DIR + "/") else "../" + package_path


def render(item: Brief | Collection, layout: Layout, out_root: Path) -> bytes:
    book = as_book(item, layout)
    brand = layout.brand
    labels = epub_labels(book.language)
    moment = zipfix.source_date_epoch() or dt.datetime.combine(book.date, dt.time(), dt.timezone.utc)

    package = Package()
    collect_images(book, layout, package)
    logo_href = _package_logo(layout, package)
    chapters = _chapter_paths(book)
    cover_name = "images/cover.jpg" if book.cover and _raster_type(book.cover) == "image/jpeg" else "images/cover.png"
    languages = list(dict.fromkeys([book.language] + [brief.language for brief in book.briefs]))
    common = {
        "book": book,
        "brand": brand,
        "address": str(brand.extra.get("address") or ""),
        "rights": _rights(book, brand),
        "book_series": _series(book.briefs[0], brand),
        "book_labels": labels,
        "css_href": _href("styles/book.css"),
        "logo_href": _href(logo_href) if logo_href else "",
        "version": __version__,
        "cover_href": _href(cover_name),
        "title_href": "title.xhtml",
        "nav_href": "nav.xhtml",
        "first_href": _href(chapters[0][1]),
        "colophon_href": "colophon.xhtml",
        "lang": book.language,
        "year": book.date.year,
    }

    # The briefs, then the cover page, title page, contents and colophon.
    warnings = item.warnings  # the job's own list: the build reports them with this output
    documents = [_render_brief(brief, path, index, layout, out_root, package, common,
                               _link_policy(brief, chapters, layout, warnings))
                 for index, (brief, path) in enumerate(chapters, 1)]
    toc_entries = [{"href": path[len(TEXT_DIR) + 1:], "package_path": path, "lang": brief.language,
                    "title": brief.meta.title, "sections": _section_tree(brief)} for brief, path in chapters]
    authors = _creators(book)
    context = dict(common, entries=toc_entries, authors=authors, labels=labels,
                   fonts_used=sorted({face.family for face in brand.fonts}), identifier=book.identifier)
    front = [
        ("cover", f"{TEXT_DIR}/cover.xhtml", labels["cover"], "cover.xhtml.j2", []),
        ("title-page", f"{TEXT_DIR}/title.xhtml", labels["title_page"], "title.xhtml.j2", []),
        ("nav", f"{TEXT_DIR}/nav.xhtml", labels["contents"], "nav.xhtml.j2", ["nav"]),
    ]
    back = [("colophon", f"{TEXT_DIR}/colophon.xhtml", labels["colophon"], "colophon.xhtml.j2", [])]
    rendered = {uid: _render_page(template, layout, context) for uid, _, _, template, _ in front + back}

    # Fonts: subset to the characters of every document, per language.
    families = _families(brand, languages)
    css_without_fonts = layout.render("epub/book.css.j2", brand=brand, fonts=[], families=families, labels=labels)
    texts = characters_by_language([d[3] for d in documents] + list(rendered.values()), book.language)
    fonts = embedded_fonts(layout, font_characters(layout, texts, css_without_fonts))
    # The colophon names the fonts actually embedded (its text was counted with all of them).
    context["fonts_used"] = sorted({font.family for font in fonts})
    rendered["colophon"] = _render_page("colophon.xhtml.j2", layout, context)
    cover_bytes = (check_file(book.cover, layout.project).read_bytes() if book.cover
                   else _generated_cover(book, layout))
    font_faces = [{"family": f.family, "url": _href(f.href), "weight": f.weight, "style": f.style} for f in fonts]
    css = layout.render("epub/book.css.j2", brand=brand, fonts=font_faces, families=families, labels=labels)

    # The package: metadata, manifest, spine, NCX; then the zip, made reproducible.
    ebook = epub.EpubBook()
    ebook.IDENTIFIER_ID = "pub-id"
    ebook.set_identifier(book.identifier)
    ebook.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator", "content": f"briefexport {__version__} (EbookLib {'.'.join(map(str, epub.VERSION))})"})]
    _metadata(ebook, book, brand, labels, authors, has_images=any(brief.images for brief in book.briefs))
    ebook.set_cover(cover_name, cover_bytes, create_page=False)
    ebook.add_item(epub.EpubItem(uid="css", file_name="styles/book.css", media_type="text/css", content=css.encode()))
    for index, font in enumerate(fonts, 1):
        ebook.add_item(epub.EpubItem(uid=f"font-{index}", file_name=font.href, media_type="font/ttf", content=font.data))
    for index, (source, href) in enumerate(package.images.items(), 1):
        ebook.add_item(epub.EpubImage(uid=f"img-{index}", file_name=href, media_type=package.image_types[href],
                                      content=check_file(source, layout.project).read_bytes()))
    spine = [_Document(uid, path, title, rendered[uid], properties) for uid, path, title, _, properties in front]
    spine += [_Document(uid, path, title, data) for uid, path, title, data in documents]
    spine += [_Document(uid, path, title, rendered[uid], properties) for uid, path, title, _, properties in back]
    for document in spine:
        ebook.add_item(document)
    ebook.spine = spine
    ebook.add_item(epub.EpubNcx())
    ebook.toc = _ncx_toc(toc_entries)

    buffer = io.BytesIO()
    writer = epub.EpubWriter(buffer, ebook, {"mtime": moment, "play_order": {"enabled": True, "start_from": 1},
                                             "epub2_guide": False, "epub3_landmark": False,
                                             "compresslevel": 0})  # compressed once, by zipfix below
    writer.process()
    writer.write()
    return zipfix.normalize(buffer.getvalue(), moment, first=["mimetype"], stored={"mimetype"})


def _package_logo(layout: Layout, package: Package) -> str | None:
    """The brand's logo for the title page, if it is a picture an EPUB can carry safely."""
    if layout.brand.logo is None:
        return None
    path = check_file(layout.brand.logo, layout.project)
    if path.suffix.lower() == ".svg":
        return package.add_image(path, "image/svg+xml") if _svg_is_safe(path.read_bytes()) else None
    media_type = _raster_type(path)
    return package.add_image(path, media_type) if media_type else None


def _chapter_paths(book: Book) -> list[tuple[Brief, str]]:
    """Each brief's XHTML file: its slug, made safe for a file name and unique."""
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


def _render_brief(brief: Brief, path: str, index: int, layout: Layout, out_root: Path, package: Package,
                  common: dict, link: Callable[[str], str | None]) -> tuple[str, str, str, bytes]:
    """(manifest id, package path, title, XHTML) of one brief, in the brief's own language."""

    def image_url(source: Path) -> str:
        return _href(package.images[source])

    labels = epub_labels(brief.language)
    note = edition_note(brief)
    context = document_context(brief, layout, out_root)
    context.update(common)
    context.update({
        "lang": brief.language,
        "labels": labels,
        "body": Markup(to_xhtml(render_body(brief, "aside", image_url), link)),
        "notes": Markup(to_xhtml(render_notes(brief, image_url, labels["back_to_text"]), link)),
        "edition_note": Markup(to_xhtml(note)) if note else None,
    })
    data = layout.render("epub/brief.xhtml.j2", **context).encode("utf-8")
    return f"brief-{index}", path, brief.meta.title, well_formed(data, "brief.xhtml.j2", layout)


def _anchors(brief: Brief) -> set[str]:
    """The ids a link may point at in a brief's XHTML file."""
    notes = {f"fn-{n + 1}" for n in brief.footnotes} | {f"fnref-{n + 1}" for n in brief.footnotes}
    return {section.id for section in brief.sections} | notes | {"title", "notes-heading", "about-heading"}


def _link_policy(brief: Brief, chapters: list[tuple[Brief, str]], layout: Layout,
                 warnings: list) -> Callable[[str], str | None]:
    """Where a link in `brief` goes in the book.

    Web and mail links stay. A link to another brief of the book (`other.md`, `other.md#sec-2`)
    goes to that brief's chapter. Any other relative link would lead out of the book (a broken
    link, and an EPUBCheck error): its text stays, the link goes, with a warning at its line.
    """
    files = {other.path.resolve(): (other, path[len(TEXT_DIR) + 1:]) for other, path in chapters}
    shown = layout.project.display(brief.path)

    def warn(href: str, why: str) -> None:
        line, col = _find(brief.path, href)
        warnings.append(Diagnostic(shown, line, col, f"link `{href}` {why}: the EPUB keeps its text without the link",
                                   severity="warning"))

    def link(href: str) -> str | None:
        if re.match(r"(?i)^(https?|mailto):", href):
            return href
        target, _, fragment = href.partition("#")
        if not target:
            if fragment in _anchors(brief):
                return href
            warn(href, "points at no heading or note of this brief")
            return None
        found = files.get((brief.path.parent / unquote(target.split("?")[0])).resolve())
        if found is None:
            warn(href, "leads to a file that is not a brief of this book")
            return None
        other, chapter = found
        if fragment and fragment not in _anchors(other):
            warn(href, "points at no heading or note of that brief")
            return None
        return f"{chapter}#{fragment}" if fragment else chapter

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


def _render_page(template: str, layout: Layout, context: dict) -> bytes:
    return well_formed(layout.render(f"epub/{template}", **context).encode("utf-8"), template, layout)


def _families(brand, languages: list[str]) -> dict[str, dict[str, str]]:
    return {i18n.base_language(lang): {role: brand.family_for(lang, role) for role in ("base", "headings")}
            for lang in languages}


def _ncx_toc(entries: list[dict]) -> list:
    """The NCX (for EPUB 2 readers): briefs, their sections and subsections."""
    toc = []
    for index, entry in enumerate(entries, 1):
        path = entry["package_path"]

        def links(items, prefix):
            out = []
            for item in items:
                href, uid = f"{path}#{item['id']}", f"{prefix}-{item['id']}"
                if item["children"]:
                    out.append((epub.Section(item["title"], href), links(item["children"], prefix)))
                else:
                    out.append(epub.Link(href, item["title"], uid))
            return out

        children = links(entry["sections"], f"b{index}")
        toc.append((epub.Section(entry["title"], path), children) if children
                   else epub.Link(path, entry["title"], f"b{index}"))
    return toc


@dataclass(frozen=True)
class Creator:
    name: str
    alternates: tuple[tuple[str, str], ...]  # (language, name) in other scripts


def _creators(book: Book) -> list[Creator]:
    """Every author of every brief once, in order of appearance, named in the book's language."""
    seen: dict[str, Creator] = {}
    for brief in book.briefs:
        for author in brief.authors:
            key = author.name
            if key in seen:
                continue
            main = author.localized(book.language).name
            others = []
            for language in ("en", "ko"):
                name = author.localized(language).name
                if name != main and (language, name) not in others:
                    others.append((language, name))
            seen[key] = Creator(main, tuple(others))
    return list(seen.values())


def _metadata(ebook: epub.EpubBook, book: Book, brand, labels: dict, authors: list[Creator], has_images: bool) -> None:
    dc = "DC"
    ebook.title = book.title
    ebook.add_metadata(dc, "title", book.title, {"id": "title"})
    ebook.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if book.subtitle:
        ebook.add_metadata(dc, "title", book.subtitle, {"id": "subtitle"})
        ebook.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    for index, author in enumerate(authors, 1):
        uid = f"creator-{index}"
        ebook.add_author(author.name, role="aut", uid=uid)
        for language, name in author.alternates:
            ebook.add_metadata(None, "meta", name, {"refines": f"#{uid}", "property": "alternate-script",
                                                    XML_NS + "lang": language})
    ebook.language = book.language
    for language in dict.fromkeys([book.language] + [brief.language for brief in book.briefs]):
        ebook.add_metadata(dc, "language", language)
    ebook.add_metadata(dc, "publisher", brand.name)
    ebook.add_metadata(dc, "date", book.date.isoformat())
    ebook.add_metadata(dc, "rights", _rights(book, brand))
    if book.description:
        ebook.add_metadata(dc, "description", " ".join(book.description.split()))
    keywords: dict[str, str] = {}
    for brief in book.briefs:
        for keyword in brief.meta.keywords:
            keywords.setdefault(keyword, brief.language)
    for keyword, language in keywords.items():
        attributes = {XML_NS + "lang": language} if i18n.base_language(language) != i18n.base_language(book.language) else {}
        ebook.add_metadata(dc, "subject", keyword, attributes)

    # EPUB Accessibility 1.1 (https://www.w3.org/TR/epub-a11y-11/).
    modes = ["textual"] + (["visual"] if has_images else [])
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if has_images:
        features.append("alternativeText")
    a11y = [("schema:accessMode", mode) for mode in modes]
    a11y.append(("schema:accessModeSufficient", "textual"))
    if has_images:
        a11y.append(("schema:accessModeSufficient", "textual,visual"))
    a11y += [("schema:accessibilityFeature", feature) for feature in features]
    a11y.append(("schema:accessibilityHazard", "none"))
    a11y.append(("schema:accessibilitySummary", labels["accessibility_summary"]))
    a11y.append(("dcterms:conformsTo", CONFORMS_TO))
    for prop, value in a11y:
        ebook.add_metadata(None, "meta", value, {"property": prop})


def _rights(book: Book, brand) -> str:
    template = str(brand.extra.get("copyright") or "© {year} {institute}")
    return template.format(year=book.date.year, institute=brand.name)


def _series(brief: Brief, brand) -> str:
    return brief.meta.series or str(brand.extra.get("series") or "") or i18n.labels(brief.language)["series"]


def _generated_cover(book: Book, layout: Layout) -> bytes:
    brand = layout.brand
    headings = _FAMILY.findall(brand.family_for(book.language, "headings"))
    base = _FAMILY.findall(brand.family_for(book.language, "base"))

    def faces(families: list[str], bold: bool) -> list[Path]:
        ordered = sorted(brand.fonts, key=lambda f: (families.index(f.family) if f.family in families else 99,
                                                     f.style != "normal", (f.weight >= 600) != bold))
        return [check_file(f.path, layout.project) for f in ordered]

    if book.is_collection:
        years = sorted({brief.meta.date.year for brief in book.briefs})
        label = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    else:
        brief = book.briefs[0]
        series = _series(brief, brand)
        label = f"{series} {i18n.labels(brief.language)['number']} {brief.meta.number}" if brief.meta.number else series
    return cover.render_cover(
        book.title, book.subtitle, brand.name, label=label,
        background=brand.primary, accent=brand.secondary, foreground=brand.background,
        title_fonts=faces(headings + base, bold=True), text_fonts=faces(headings + base, bold=False))
