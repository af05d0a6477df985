"""Raster pictures encoded once, not once per PDF: WeasyPrint 70 (`weasyprint.images.RasterImage`)
decodes and re-encodes a PNG for every document that shows it, twice for a palette PNG such as
a chart (converted to RGB and saved when it is loaded, then decoded and saved again as the PDF's
image stream). The same chart in the screen PDF and the print edition of every brief that shows
it, in every build, was encoded anew each time.

WeasyPrint has no hook for this, so this wraps the two steps (installed only while our writer
makes a PDF, like tags.py) and keeps what they made in the output folder's digest cache, keyed by
the picture's bytes and everything else the step reads (mode, size, options, Pillow's and zlib's
versions). A hit hands WeasyPrint the very bytes it would have made, so the PDF is the same byte
for byte; anything unusual (a rotated picture, a JPEG) goes the uncached way.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from contextlib import contextmanager

import PIL
from PIL import Image
from weasyprint import DEFAULT_OPTIONS
from weasyprint.images import RasterImage

from briefexport.writers.shared.digest_cache import DigestCache, digest_key

_load = RasterImage.__init__
_stream = RasterImage.get_x_object
_VERSIONS = f"Pillow {PIL.__version__} zlib {zlib.ZLIB_RUNTIME_VERSION}"


def _pack(parts: list[bytes]) -> bytes:
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


def _unpack(data: bytes) -> list[bytes]:
    """The parts `_pack` joined; a damaged entry gives a part list `get_x_object` will not use."""
    parts, at = [], 0
    while at < len(data):
        size = int.from_bytes(data[at : at + 8], "big")
        if at + 8 + size > len(data):
            return []
        parts.append(data[at + 8 : at + 8 + size])
        at += 8 + size
    return parts


def _loading(store: DigestCache):
    def load(
        self,
        pillow_image,
        image_id,
        image_data,
        filename=None,
        cache=None,
        orientation="none",
        options=DEFAULT_OPTIONS,
    ):
        converted = (
            image_data is not None
            and pillow_image.format == "PNG"
            and not options["optimize_images"]
            and (pillow_image.mode in ("1", "P", "I") or "transparency" in pillow_image.info)
        )
        if not converted:
            return _load(self, pillow_image, image_id, image_data, filename, cache, orientation, options)
        key = digest_key(
            "picture-load",
            _VERSIONS,
            hashlib.sha256(image_data).digest(),
            str(orientation),
            repr(options["dpi"]),
        )
        made = store.get(key)
        if made is not None:  # what the conversion made last time: WeasyPrint keeps it as it is
            try:
                return _load(self, Image.open(io.BytesIO(made)), image_id, made, None, cache, "none", options)
            except Exception:  # noqa: BLE001  an unreadable entry is made again, as if missing
                pass
        _load(self, pillow_image, image_id, image_data, filename, cache, orientation, options)
        if self.format == "PNG":
            store.put(key, self.image_data.data)

    return load


def _streaming(store: DigestCache):
    def get_x_object(self, interpolate, dpi_ratio):
        if self.format != "PNG":
            return _stream(self, interpolate, dpi_ratio)
        key = digest_key(
            "picture-stream",
            _VERSIONS,
            hashlib.sha256(self.image_data.data).digest(),
            self.mode,
            f"{self.width}x{self.height}",
            repr(interpolate),
            repr(dpi_ratio),
            repr(self.optimize),
        )
        made = store.get(key)
        if made is not None and len(_unpack(made)) != (2 if self.mode in ("RGBA", "LA") else 1):
            made = None  # not what this step makes (a stream, and a mask for alpha): made again
        encoded = RasterImage._get_png_data
        parts: list[bytes] = []  # what this step encodes, stored when it is not stored yet
        if made is not None:
            stored = iter(_unpack(made))
            self._get_png_data = lambda _image: next(stored)
        else:

            def encode(image) -> bytes:
                parts.append(encoded(image))
                return parts[-1]

            self._get_png_data = encode
        try:
            stream = _stream(self, interpolate, dpi_ratio)
        finally:
            del self._get_png_data
        if made is None:
            store.put(key, _pack(parts))
        return stream

    return get_x_object


@contextmanager
def cached_pictures(cache: DigestCache):
    """While inside, WeasyPrint's raster pictures come from `cache` where they can."""
    RasterImage.__init__ = _loading(cache)
    RasterImage.get_x_object = _streaming(cache)
    try:
        yield
    finally:
        RasterImage.__init__ = _load
        RasterImage.get_x_object = _stream
