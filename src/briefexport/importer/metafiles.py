"""Pictures Word holds in formats briefs cannot use, converted to ones they can.

EMF and WMF (what Word makes of a chart pasted from Excel, and of much clip art) become SVG with
`metafile-render`, chosen by measurement (benchmarks/metafiles.py, docs/importing.md): on 27 real
metafiles it converted 24 (EMF and WMF; the three it refused are damaged files), 21 of them into
SVG that passes the picture rule as it is, in 0.47 s a file on average (2.3 s at most), in
process and within fixed budgets of records, points and canvas. emf2svg-conv converted 15 (EMF
only) and LibreOffice's Draw 27 but needs Draw installed and a program run. An SVG that embeds a
bitmap (a `data:` URL, which the picture rule refuses) is rendered to PNG by the same library.
BMP and TIFF become PNG with Pillow, after their size is read from the header.

What cannot be converted is kept as it is (importer/pictures.py writes it under content/images/,
where `check` and the build report it) with the reason, never a refused import."""

from __future__ import annotations

import io
import struct

from briefexport import limits
from briefexport.safety.files import Refused
from briefexport.safety.pictures import check_pixels, check_svg

CONVERT_TIME_LIMIT = 20  # seconds for one picture
_WMF_PLACEABLE = b"\xd7\xcd\xc6\x9a"


class NotConverted(Exception):
    """The picture is in a format briefs cannot use and could not be converted: why."""


def kind(data: bytes) -> str | None:
    """ "emf", "wmf", "bmp", "tiff" or None, by the first bytes."""
    if len(data) >= 44 and data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF":
        return "emf"
    if data[:4] == _WMF_PLACEABLE or (
        len(data) >= 18
        and struct.unpack("<H", data[:2])[0] in (1, 2)
        and struct.unpack("<H", data[2:4])[0] == 9
        and struct.unpack("<H", data[4:6])[0] in (0x100, 0x300)
    ):
        return "wmf"
    if data[:2] == b"BM":
        return "bmp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def convert(data: bytes, what: str) -> tuple[bytes, str]:
    """(bytes, suffix) of the picture as SVG or PNG; NotConverted saying why it could not be;
    Refused for a raster picture over the pixel limit."""
    token = None
    try:
        with limits.time_limit(CONVERT_TIME_LIMIT) as token:
            return _metafile(data) if what in ("emf", "wmf") else _raster(data)
    except limits.TimeLimitExceeded as exc:
        if exc.limit is not token:  # the whole import's limit, not this picture's
            raise
        raise NotConverted(f"converting it took longer than {CONVERT_TIME_LIMIT} s") from None


def _metafile(data: bytes) -> tuple[bytes, str]:
    try:
        from metafile_render import MetafileError, render_metafile  # ~0.1 s: only when one is found
    except ImportError:
        raise NotConverted("no converter for EMF/WMF is installed (pip install metafile-render)") from None
    try:
        svg = render_metafile(data, output_format="svg").data
        try:
            check_svg(svg)
            return svg, ".svg"
        except Refused:
            png = render_metafile(data, output_format="png", dpi=192).data  # an embedded bitmap
            check_pixels(png)
            return png, ".png"
    except (MetafileError, Refused, ValueError, OverflowError, MemoryError, RecursionError) as exc:
        raise NotConverted(f"it could not be converted ({str(exc)[:120]})") from None


def _raster(data: bytes) -> tuple[bytes, str]:
    from PIL import Image

    check_pixels(data)  # a picture bomb is refused (Refused), not kept
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            out = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, format="PNG")
            return out.getvalue(), ".png"
    except (Refused, OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
        raise NotConverted(f"it could not be converted ({str(exc)[:120]})") from None
