"""The site's pictures, made from the other formats' outputs: a thumbnail of each brief's first PDF
page (rendered with pdfium, through pypdfium2: no system tools), and each collection's cover as its
EPUB has it (so the site shows what the e-reader shows), with a small copy for lists and OPDS.

Deterministic: the same PDF or EPUB gives the same bytes (no time stamps, fixed PNG settings).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image

THUMBNAIL_WIDTH = 360  # pixels: sharp at 180 CSS pixels on a 2x screen
COVER_SMALL_WIDTH = 400
_MEDIA = {"image/png": ".png", "image/jpeg": ".jpg"}
_OPF = "{http://www.idpf.org/2007/opf}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


def first_page_thumbnail(pdf: Path, width: int = THUMBNAIL_WIDTH) -> bytes:
    """Page 1 of a PDF as a PNG `width` pixels wide."""
    import pypdfium2  # only when thumbnails are made

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale, draw_annots=False).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    return _png(image)


def _png(image: Image.Image) -> bytes:
    """A palette PNG: a page or cover has few colours, and a palette keeps the file small."""
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=False, compress_level=9
    )
    return out.getvalue()


def epub_cover(epub: Path) -> tuple[str, str] | None:
    """(name inside the zip, media type) of an EPUB's cover image, as its package document declares
    it (`properties="cover-image"`); None when it declares no PNG or JPEG cover."""
    try:
        with zipfile.ZipFile(epub) as book:
            container = etree.fromstring(book.read("META-INF/container.xml"))
            rootfile = container.find(f".//{_CONTAINER}rootfile")
            opf_name = rootfile.get("full-path") if rootfile is not None else None
            if not opf_name:
                return None
            package = etree.fromstring(book.read(opf_name))
            for item in package.iter(f"{_OPF}item"):
                media_type = item.get("media-type")
                if "cover-image" in (item.get("properties") or "").split() and media_type in _MEDIA:
                    name = posixpath.normpath(
                        posixpath.join(posixpath.dirname(opf_name), item.get("href", ""))
                    )
                    return (name, media_type) if name in book.namelist() else None
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    return None


def cover_suffix(media_type: str) -> str:
    return _MEDIA[media_type]


def cover_bytes(epub: Path) -> bytes:
    found = epub_cover(epub)
    if found is None:
        raise ValueError(f"{epub.name} has no PNG or JPEG cover")
    with zipfile.ZipFile(epub) as book:
        return book.read(found[0])


def cover_small(epub: Path, width: int = COVER_SMALL_WIDTH) -> bytes:
    """The EPUB's cover scaled down to `width` pixels, as a PNG."""
    image = Image.open(io.BytesIO(cover_bytes(epub))).convert("RGB")
    height = round(image.height * width / image.width)
    return _png(image.resize((width, height), Image.Resampling.LANCZOS))
