"""Subset TrueType/OpenType fonts to the characters a document uses (fontTools).

A Korean font is about 4 MB; the few hundred syllables of a brief need about 100 KB. Results are
deterministic: same font and characters, same bytes (the font's own `head.modified` is kept,
never the clock). Subsetting costs 0.05–0.2 s of CPU per font, mostly parsing, so a batch of
fonts runs on worker processes when there are several and more than one CPU.
"""

from __future__ import annotations

import hashlib
import io
import logging
import multiprocessing
import os
import tempfile
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

CACHE_VERSION = 1  # bump when the subsetting options change
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


@lru_cache(maxsize=1)
def _preload() -> None:
    """Import fontTools' subsetter and the table modules it loads lazily (about 0.3 s)."""
    from fontTools import subset  # noqa: F401
    from fontTools.ttLib import getTableClass

    for tag in ("head", "hhea", "maxp", "OS/2", "hmtx", "cmap", "name", "post", "loca", "glyf", "kern",
                "GDEF", "GSUB", "GPOS", "prep", "fpgm", "cvt ", "gasp", "vhea", "vmtx", "DSIG"):
        getTableClass(tag)


def subset_font(path: Path, characters) -> bytes:
    """The font at `path` cut down to the glyphs for `characters` (plus what shaping needs)."""
    key = _key(path, characters)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    return _remember(key, _subset(key[0], key[3]))


class Batch:
    """Several fonts subset at once. Start it, do other work, then ask for `results()`.

    With `cache_dir`, results are also kept on disk (one file per font and set of characters, the
    least recently used pruned beyond DISK_ENTRIES), so a rebuild after an edit that brings no new
    characters costs no subsetting at all. The cache is an optimisation only: any problem with it
    means the font is subset again.
    """

    DISK_ENTRIES = 256

    def __init__(self, requests: list[tuple[Path, set[str]]], workers: int | None = None,
                 cache_dir: Path | None = None):
        self.keys = [_key(path, chars) for path, chars in requests]
        self.cache_dir = cache_dir
        todo = []
        for key in dict.fromkeys(self.keys):
            if key in _CACHE:
                continue
            stored = self._load(key)
            if stored is not None:
                _remember(key, stored)
            else:
                todo.append(key)
        self.todo = todo
        if todo:
            _preload()  # before forking, so workers inherit the modules instead of importing them each
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
                self.close()
                self.futures = {}

    def close(self, wait: bool = False) -> None:
        """Stop the workers (results() does this itself; call it when giving up early)."""
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None

    def results(self) -> list[bytes]:
        try:
            for key, future in self.futures.items():
                try:
                    _remember(key, future.result())
                except BrokenProcessPool:  # a worker died (e.g. out of memory): redo it below, here
                    pass
            self.close(wait=True)  # all done: the workers exit at once
        finally:
            self.close()
        data = [_CACHE[key] if key in _CACHE else _remember(key, _subset(key[0], key[3])) for key in self.keys]
        for key in self.todo:
            self._store(key, _CACHE[key])
        if self.todo and self.cache_dir is not None:
            self._prune()
        return data

    # The disk cache.

    def _file(self, key: Key) -> Path | None:
        if self.cache_dir is None:
            return None
        from fontTools import version as fonttools_version

        digest = hashlib.sha256(f"{CACHE_VERSION}\0{fonttools_version}\0{key[0]}\0{key[1]}\0{key[2]}\0".encode())
        digest.update("".join(sorted(key[3])).encode("utf-8", "surrogatepass"))
        return self.cache_dir / f"{digest.hexdigest()[:40]}.ttf"

    def _load(self, key: Key) -> bytes | None:
        path = self._file(key)
        try:
            data = path.read_bytes() if path is not None else None
            if data is not None:
                os.utime(path)  # recently used: kept when pruning
            return data
        except OSError:
            return None

    def _store(self, key: Key, data: bytes) -> None:
        path = self._file(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            pass

    def _prune(self) -> None:
        try:
            entries = sorted(self.cache_dir.glob("*.ttf"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in entries[self.DISK_ENTRIES:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


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
