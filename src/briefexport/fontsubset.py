"""Subset TrueType/OpenType fonts to the characters a document uses (fontTools).

A Korean font is about 4 MB; the few hundred syllables of a brief need about 100 KB. Results are
deterministic: same font and characters, same bytes (the font's own `head.modified` is kept,
never the clock). Subsetting costs 0.05–0.2 s of CPU per font, mostly parsing, so a batch of
fonts runs on worker processes when there are several and more than one CPU.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
from collections import OrderedDict
from functools import lru_cache
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

# Tables fontTools cannot subset (e.g. VTT sources): it drops them and says so on this logger.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

# Name records kept: family/style/version names plus copyright (0), licence (13) and its URL (14),
# so the embedded subset still carries its OFL notice.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]

Key = tuple[str, int, int, frozenset[str]]
_CACHE: OrderedDict[Key, bytes] = OrderedDict()
_CACHE_SIZE = 64


def _key(path: Path, characters) -> Key:
    stat = path.stat()
    return (str(path), stat.st_size, stat.st_mtime_ns, frozenset(characters))


def _remember(key: Key, data: bytes) -> bytes:
    _CACHE[key] = data
    _CACHE.move_to_end(key)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return data


def _subset(path: str, characters: frozenset[str]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = NAME_IDS
    options.name_languages = ["*"]
    options.notdef_outline = True  # a missing glyph shows as a box, not as nothing
    options.hinting = False  # reading systems scale outlines on dense screens; halves the size
    options.drop_tables += ["DSIG"]  # a signature no longer matches a subset
    # recalcBBoxes=False copies glyph data as is instead of decoding and re-encoding every outline;
    # the font-wide bounding box stays the original's, which is still a valid (larger) box.
    font = TTFont(path, lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    try:
        _cheap_glyph_order(font)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in characters))
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    finally:
        font.close()
    return out.getvalue()


def subset_font(path: Path, characters) -> bytes:
    """The font at `path` cut down to the glyphs for `characters` (plus what shaping needs)."""
    key = _key(path, characters)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    return _remember(key, _subset(key[0], key[3]))


class Batch:
    """Several fonts subset at once. Start it, do other work, then ask for `results()`."""

    def __init__(self, requests: list[tuple[Path, set[str]]], workers: int | None = None):
        self.keys = [_key(path, chars) for path, chars in requests]
        todo = list(dict.fromkeys(key for key in self.keys if key not in _CACHE))
        self.futures: dict[Key, Future] = {}
        self.pool = None
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        workers = min(workers or cpus, len(todo))
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            try:
                self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
                # Largest fonts first, so no worker is left alone with a 4 MB font at the end.
                for key in sorted(todo, key=lambda k: -k[1]):
                    self.futures[key] = self.pool.submit(_subset, key[0], key[3])
            except (OSError, RuntimeError):  # no processes allowed here: do it in this one
                self._close()
                self.futures = {}

    def _close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def results(self) -> list[bytes]:
        try:
            for key, future in self.futures.items():
                try:
                    _remember(key, future.result())
                except BrokenProcessPool:  # a worker died (e.g. out of memory): redo it below, here
                    pass
        finally:
            self._close()
        return [_CACHE[key] if key in _CACHE else _remember(key, _subset(key[0], key[3])) for key in self.keys]


@lru_cache(maxsize=32)
def codepoints(path: Path) -> frozenset[int]:
    """The characters (code points) the font at `path` has glyphs for, from its cmap."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    try:
        _cheap_glyph_order(font)
        return frozenset((font.getBestCmap() or {}).keys())
    finally:
        font.close()


def _cheap_glyph_order(font) -> None:
    """Number the glyphs instead of naming them. Without stored names (post format 3) fontTools
    would invent 17,000 names from the cmap for a Korean font (0.1–0.3 s); the subset is written
    without names anyway, and the cmap only needs some name per glyph."""
    if font["post"].formatType == 3.0:
        font.setGlyphOrder([".notdef"] + [f"g{i}" for i in range(1, font["maxp"].numGlyphs)])
