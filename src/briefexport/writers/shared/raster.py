"""An SVG drawn as a PNG with CairoSVG, for readers and pictures that take rasters only (a Word
draft's fallback for readers without SVG, docx/svg_fallback.py; the logo on an EPUB's generated
cover, epub/drawing.py), and the versions of the libraries a drawn PNG's bytes depend on, for the
digest caches that keep drawn PNGs.

The SVG has passed the one picture rule (safety/pictures.py: nothing scripted, embedded or
linked) and CairoSVG is given no way to load anything; should it still fail (or Cairo be
missing), the caller gets None and does without. CairoSVG is imported only when something is
drawn: with cairocffi it is most of the cost. The native versions are read from the shared
libraries with ctypes (cairocffi would load Cairo through that costly import).
"""

from __future__ import annotations

import ctypes
import zlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version

# (library, the file names cairocffi tries on Linux, macOS and Windows, its version function)
_NATIVE = (
    ("cairo", ("libcairo.so.2", "libcairo.2.dylib", "libcairo-2.dll"), "cairo_version_string"),
    ("pixman", ("libpixman-1.so.0", "libpixman-1.0.dylib", "libpixman-1-0.dll"), "pixman_version_string"),
    ("libpng", ("libpng16.so.16", "libpng16.16.dylib", "libpng16-16.dll"), "png_get_libpng_ver"),
)


def svg_png(data: bytes, width: int | None, height: int | None) -> bytes | None:
    """The SVG drawn `width` x `height` pixels (one of them None: in the SVG's proportions) as PNG
    bytes; None if it cannot be drawn."""
    try:
        from cairosvg.surface import PNGSurface  # loads Cairo: only when a PNG has to be drawn
    except (ImportError, OSError):
        return None

    def refuse(url, *args, **kwargs):
        raise ValueError(f"not loading {url}")

    try:
        return PNGSurface.convert(
            bytestring=data,
            output_width=max(1, width) if width else None,
            output_height=max(1, height) if height else None,
            unsafe=False,
            url_fetcher=refuse,
        )
    except Exception:  # noqa: BLE001  whatever Cairo makes of an odd SVG: the caller does without
        return None


@cache  # the libraries of a running process do not change
def drawing_libraries() -> tuple[str, ...] | None:
    """The versions of CairoSVG, cairocffi, Cairo, pixman (which rasterizes), libpng and zlib (which
    encode): what a drawn PNG's bytes depend on besides the SVG; None if one cannot be read."""
    try:
        parts = [f"cairosvg {version('cairosvg')}", f"cairocffi {version('cairocffi')}"]
    except PackageNotFoundError:
        return None
    for name, files, function in _NATIVE:
        found = _native_version(files, function)
        if found is None:
            return None
        parts.append(f"{name} {found}")
    parts.append(f"zlib {zlib.ZLIB_RUNTIME_VERSION}")
    return tuple(parts)


def _native_version(files: tuple[str, ...], function: str) -> str | None:
    for name in files:
        try:
            getter = getattr(ctypes.CDLL(name), function)
        except (OSError, AttributeError):
            continue
        getter.restype = ctypes.c_char_p
        getter.argtypes = [ctypes.c_void_p] if function == "png_get_libpng_ver" else []
        found = getter(None) if getter.argtypes else getter()
        return found.decode("ascii", "replace") if found else None
    return None
