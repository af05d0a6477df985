"""The one picture rule: what a file is (by its bytes, not its name), whether an SVG is safe to
embed, and whether a raster picture decodes to its end (`check_picture`). The reader checks every
picture with it, so `check` refuses what any format would; the writers check again with the same
function before they package one (a file may change after it was read).

An SVG is safe when it is well-formed XML whose root is `<svg>`, with no entity declarations,
processing instructions (`<?xml-stylesheet?>` loads a file), scripts, foreign or embedded
content, animation (`<set>`, `<animate>`... can turn any attribute into a link or a URL once the
picture is open), event handlers, links or references other than to an element of the picture
itself (`href="#id"`, `url(#id)`). Its stylesheets (the whole text of every `<style>`, comments
and CDATA included, and every `style` and presentation attribute) are read as a browser reads
them (safety/css.py: escapes, comments) and may hold no `@import` and no URL-taking function
that names anything but `#fragment`. A picture obeying that is fine: the same rule holds for the
PDF, the EPUB, the DOCX and the site.

A raster picture may have at most MAX_PIXELS pixels (what Pillow's MAX_IMAGE_PIXELS means to
allow): a few hundred KB of PNG can say 30000 x 30000 pixels, gigabytes once decoded. Its size
is read from its header, without decoding it, wherever a picture is checked.
"""

from __future__ import annotations

import io
import re
import struct
from functools import lru_cache
from pathlib import Path

from briefexport.safety import css
from briefexport.safety.files import Refused

SVG = "image/svg+xml"
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": SVG,
}

_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener"}
    | {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}  # SMIL animation
)
MAX_PIXELS = 89_478_485  # Pillow's MAX_IMAGE_PIXELS: 0.25 GiB of 24-bit RGB, ~ 9500 x 9500
_OUTSIDE_REFERENCE = re.compile(r"@import|url\(\s*[\"']?(?!#)", re.IGNORECASE)
_DECLARATIONS = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.IGNORECASE)
_DANGER = "the SVG contains scripts, event handlers or references to other files or URLs"


def sniff(data: bytes) -> str | None:
    """The media type of a picture by its first bytes (PNG, JPEG, GIF, WebP, SVG), else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"<svg" in data:
        return SVG
    return None


def check_picture(path: Path) -> str:
    """The picture's media type, if it is one briefs may use everywhere and it decodes to its end;
    else Refused, saying why."""
    suffix = path.suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise Refused(
            f"`{suffix or path.name}` is not a picture type briefs can use (PNG, JPEG, GIF, WebP, SVG)"
        )
    media_type = check_picture_bytes(path.read_bytes(), suffix)
    check_decodes(path)
    return media_type


def check_picture_bytes(data: bytes, suffix: str) -> str:
    """The same rule for a picture not yet in a file (found in a Word draft), named `*suffix`."""
    expected = MEDIA_TYPES.get(suffix)
    if expected is None:
        raise Refused(f"`{suffix}` is not a picture type briefs can use (PNG, JPEG, GIF, WebP, SVG)")
    if expected == SVG:
        check_svg(data)
        return SVG
    if sniff(data) != expected:
        raise Refused(f"the file is not a {suffix[1:].upper()} picture (its content does not match its name)")
    check_pixels(data)
    return expected


def check_pixels(data: bytes) -> None:
    """Refused when a raster picture's header says more than MAX_PIXELS (a decompression bomb);
    nothing is decoded."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:  # Pillow's own limit, twice ours: over ours too
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = f"{int(found.group(1)) // 1_000_000} million" if found else "more than twice that many"
        raise Refused(_too_many(f"the picture has {pixels} pixels")) from None
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
        raise Refused(f"the file is damaged or truncated: {exc}") from None
    if width * height > MAX_PIXELS:
        raise Refused(_too_many(f"the picture is {width} x {height} pixels"))


def _too_many(what: str) -> str:
    return (
        f"{what}, over the limit of {MAX_PIXELS // 1_000_000} million pixels; scale it down (a figure "
        "needs no more than about 3000 pixels a side)"
    )


def check_svg(data: bytes) -> None:
    """Refused unless `data` is an SVG picture that cannot run, fetch or embed anything."""
    from lxml import etree

    if b"<svg" not in data:
        raise Refused("the file is not an SVG picture")
    if _DECLARATIONS.search(data):  # entities, or any internal DTD subset: nothing a picture needs
        raise Refused(_DANGER)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise Refused(f"the file is not an SVG picture (not well-formed XML: {exc})") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise Refused("the file is not an SVG picture")
    if any(True for _ in root.itersiblings(etree.PI, preceding=True)):
        raise Refused(_DANGER)
    for node in root.iter():
        if isinstance(node, etree._ProcessingInstruction):
            raise Refused(_DANGER)
        if not isinstance(node.tag, str):  # a comment is fine
            continue
        if etree.QName(node).localname.lower() in _FORBIDDEN_ELEMENTS:
            raise Refused(_DANGER)
        if etree.QName(node).localname.lower() == "style":
            text = "".join(node.itertext())  # the whole text: before, between and after comments
            if _OUTSIDE_REFERENCE.search(text) or css.problems(text, "fragment"):
                raise Refused(_DANGER)
        for name, value in node.attrib.items():
            attribute = etree.QName(name).localname.lower()
            if attribute.startswith("on") or _OUTSIDE_REFERENCE.search(value):
                raise Refused(_DANGER)
            if attribute in ("href", "src") and not value.strip().startswith("#"):
                raise Refused(_DANGER)
            if css.problems(value, "fragment", "declarations" if attribute == "style" else "value"):
                raise Refused(_DANGER)


def check_decodes(path: Path) -> None:
    """Refused unless a raster picture decodes to its last pixel (a truncated or damaged file
    would pass a look at its header). SVG pictures are checked by `check_svg`."""
    try:
        info = path.stat()
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror or exc}") from None
    problem = _decode_problem(
        str(path), path.suffix.lower(), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
    )
    if problem is not None:
        raise Refused(problem)


# A memo of a pure function of the file's bytes, keyed by the file's identity and change times
# (as the live preview keeps briefs): a picture that many briefs show is decoded once per process,
# not once per brief (24 ms for a 1600 x 900 PNG; check reads every brief).
@lru_cache(maxsize=512)
def _decode_problem(
    name: str, suffix: str, size: int, mtime_ns: int, ctime_ns: int, inode: int
) -> str | None:
    try:
        check_decodes_bytes(Path(name), suffix)
    except Refused as exc:
        return str(exc)
    return None


def check_decodes_bytes(data: bytes | Path, suffix: str) -> None:
    """The same for a picture's bytes (or a path to them)."""
    if suffix == ".svg":
        return
    from PIL import Image, ImageFile  # about 50 ms to import: only when a raster picture is checked

    # WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when it is imported: a build would then
    # pass a truncated picture that `check` refuses. The rule is the same in every process.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(io.BytesIO(data) if isinstance(data, bytes) else data) as image:
            image.load()
    except (OSError, ValueError, SyntaxError, EOFError, struct.error, Image.DecompressionBombError) as exc:
        raise Refused(f"the file is damaged or truncated: {exc}") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
