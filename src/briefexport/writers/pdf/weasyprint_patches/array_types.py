"""One C type parse per array type, not one per array length: when WeasyPrint 70 subsets a font for
a PDF it allocates its glyph lists with `ffi.new(f"hb_codepoint_t[{len(glyphs)}]", glyphs)`, and
cffi parses every new type string with pycparser (2.7 ms each here), so each font of each document
paid a parse for a length it had never seen: 22 ms of an edit to one brief, in every document
again. `ffi.new("hb_codepoint_t[]", glyphs)` makes the same array (one element per item, the same
values) from a type parsed once per process.

cffi has no setting for this; the `ffi` object WeasyPrint shares between its modules is handed a
`new` that rewrites `T[N]` with exactly N initial items to `T[]`, while our writer makes a PDF
(like picture_cache.py). Every other call is passed through as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.text.ffi import ffi

_SIZED = re.compile(r"(\w[\w ]*)\[(\d+)\]")


def _new(cdecl, init=None):
    if isinstance(cdecl, str) and init is not None and hasattr(init, "__len__"):
        sized = _SIZED.fullmatch(cdecl)
        if sized is not None and int(sized[2]) == len(init):
            return type(ffi).new(ffi, f"{sized[1]}[]", init)
    return type(ffi).new(ffi, cdecl, init)


@contextmanager
def one_parse_per_array_type() -> Iterator[None]:
    """While inside, WeasyPrint's sized arrays with their items given share one parsed type."""
    ffi.new = _new
    try:
        yield
    finally:
        del ffi.new
