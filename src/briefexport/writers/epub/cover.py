"""The book's cover: the collection's own picture (`cover:`), or one drawn with Pillow from the
brand: its colours, its logo and name at the top (as the masthead has them), the series or years,
the title and subtitle set in the brand's fonts, its web address at the foot.

A raster image (PNG or JPEG) so that library views of every reader show it. Deterministic: same
input, same bytes; so a generated cover is kept in the output folder's digest cache, keyed by
everything it is drawn from, and a rebuild (or a book with the same title) draws none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import PIL
from PIL import features

from briefexport.content.images import cover_problem
from briefexport.errors import ContentError, Diagnostic
from briefexport.safety.files import Refused, check_file, resolve_local
from briefexport.safety.pictures import SVG, check_decodes, check_picture, sniff
from briefexport.writers.epub import drawing
from briefexport.writers.epub.book import Book
from briefexport.writers.epub.drawing import render_cover
from briefexport.writers.shared.context import series
from briefexport.writers.shared.digest_cache import digest_key, file_digest
from briefexport.writers.shared.fonts import named_families
from briefexport.writers.shared.layout import Layout
from briefexport.writers.shared.names import names
from briefexport.writers.shared.raster import drawing_libraries
from briefexport.writers.shared.subset import code_digest

COVERS = "covers"  # the name of their digest cache in the output folder's cache
# The libraries whose output is in the PNG's bytes: glyph rasterizing, text layout, zlib.
_LIBRARIES = ("freetype2", "raqm", "fribidi", "harfbuzz", "zlib")


@dataclass(frozen=True)
class Cover:
    name: str  # inside EPUB/
    data: bytes


def book_cover(book: Book, layout: Layout) -> Cover:
    """The collection's own cover when it names one, else a generated one."""
    if not book.cover:
        return Cover("images/cover.png", generated_cover(book, layout))
    path, media_type = _own_cover(book, book.cover, layout)
    return Cover("images/cover.jpg" if media_type == "image/jpeg" else "images/cover.png", path.read_bytes())


def _own_cover(book: Book, cover: str, layout: Layout) -> tuple[Path, str]:
    """The collection's own cover, by the rule the reader checks it with (content.images.cover_problem)."""
    problem = cover_problem(cover, book.source.parent, layout.project)
    if problem is not None:
        shown = layout.project.display(book.source)
        raise ContentError(
            Diagnostic(shown, _key_line(book.source, "cover"), 1, f"cover `{cover}`: {problem}")
        )
    path = resolve_local(cover, book.source.parent, layout.project)
    return path, sniff(path.read_bytes()) or ""


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level `key:` in a YAML file (for messages), else 0."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return 0


def generated_cover(book: Book, layout: Layout) -> bytes:
    """A cover from the brand: its colours, logo, name (in the book's language) and web address;
    the years (or the brief's series and number), the title and the subtitle, each in the first
    of the brand's fonts that has all its characters."""
    brand = layout.brand
    institute = names(brand, book.language).institute
    families = named_families(brand.family_for(book.language, "headings")) + named_families(
        brand.family_for(book.language, "base")
    )

    def faces(bold: bool) -> list[Path]:
        ordered = sorted(
            brand.fonts,
            key=lambda f: (
                families.index(f.family) if f.family in families else 99,
                f.style != "normal",
                (f.weight >= 600) != bold,
            ),
        )
        return [check_file(f.path, layout.project) for f in ordered]

    if book.is_collection:
        years = sorted({brief.meta.date.year for brief in book.briefs})
        label = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    else:
        brief = book.briefs[0]
        name = series(brief, layout)
        label = (
            f"{name} {layout.labels(brief.language)['number']} {brief.meta.number}"
            if brief.meta.number
            else name
        )
    title_fonts, text_fonts = faces(bold=True), faces(bold=False)
    logo = brand_logo(layout)
    covers = layout.cache(COVERS)
    key = digest_key(
        "cover",
        _drawing_code(),
        book.title,
        book.subtitle or "",
        institute,
        brand.url,
        layout.file_digest(logo) if logo else "no logo",
        label,
        brand.primary,
        brand.secondary,
        brand.background,
        str(len(title_fonts)),
        *(layout.file_digest(path) for path in title_fonts + text_fonts),
    )
    # An SVG logo is drawn by Cairo: without its version a cached cover may differ from a new one.
    cached = not (logo is not None and sniff(logo.read_bytes()) == SVG and drawing_libraries() is None)
    data = covers.get(key) if cached else None
    if data is None:
        data = render_cover(
            book.title,
            book.subtitle,
            institute,
            label=label,
            logo=logo,
            address=brand.url,
            background=brand.primary,
            accent=brand.secondary,
            foreground=brand.background,
            title_fonts=title_fonts,
            text_fonts=text_fonts,
        )
        if cached:
            covers.put(key, data)
    return data


@cache  # the code and libraries of a running process do not change
def _drawing_code() -> str:
    """What a cover depends on besides its text, colours and fonts: this module's code, the font
    picking's (HarfBuzz cmaps), Pillow and the libraries it draws and encodes with."""
    versions = [PIL.__version__, *(drawing_libraries() or ("drawing libraries unknown",))] + [
        f"{name} {features.version(name)}" for name in _LIBRARIES
    ]
    return digest_key(
        file_digest(Path(__file__)), file_digest(Path(drawing.__file__)), code_digest(), *versions
    )


def brand_logo(layout: Layout) -> Path | None:
    """The brand's logo when it is a picture the one picture rule accepts, else None (the cover
    then names the institute alone, as the title page does)."""
    if layout.brand.logo is None:
        return None
    try:
        path = check_file(layout.brand.logo, layout.project)
        if check_picture(path) != SVG:
            check_decodes(path)
    except Refused:
        return None
    return path
