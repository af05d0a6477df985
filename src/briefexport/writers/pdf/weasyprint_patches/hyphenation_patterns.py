"""Hyphenation patterns parsed once per output folder, not once per process: pyphen reads its
dictionary (11,015 patterns for en_US) line by line with regular expressions the first time a
process hyphenates, 65-85 ms of every build that makes a PDF, an edit to one brief included. What
it parsed is kept in the digest cache as JSON (15 ms to read back) and handed to pyphen as the
very same patterns.

pyphen has no hook for this. WeasyPrint asks `pyphen.Pyphen`, which makes `pyphen.HyphDict(path)`
for a dictionary this process has not loaded yet; this replaces that name while our writer lays
out a PDF (like picture_cache.py). A dictionary with nonstandard hyphenation (Hungarian's
`DataInt` patterns) is not plain numbers and goes the uncached way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pyphen

from briefexport.writers.shared.digest_cache import DigestCache, digest_key, file_digest

_HyphDict = pyphen.HyphDict


def _parse(path: Path) -> pyphen.HyphDict:
    return _HyphDict(path)


def _from_json(data: bytes) -> pyphen.HyphDict | None:
    try:
        stored = json.loads(data)
        patterns = {
            key: (int(start), tuple(int(value) for value in values))
            for key, (start, values) in stored.items()
        }
    except (ValueError, TypeError, AttributeError):  # not what _to_json wrote: parsed again
        return None
    if not patterns:
        return None
    made = _HyphDict.__new__(_HyphDict)
    made.patterns, made.cache, made.maxlen = patterns, {}, max(len(key) for key in patterns)
    return made


def _to_json(parsed: pyphen.HyphDict) -> bytes | None:
    if any(type(value) is not int for _, values in parsed.patterns.values() for value in values):
        return None
    return json.dumps(
        {key: [start, list(values)] for key, (start, values) in parsed.patterns.items()},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def _loading(store: DigestCache):
    def load(path) -> pyphen.HyphDict:
        path = Path(path)
        version = pyphen.__version__  # type: ignore[attr-defined]  # pyphen has it; types-pyphen leaves it out
        key = digest_key("hyphenation patterns", version, file_digest(path))
        made = store.get(key)
        parsed = _from_json(made) if made is not None else None
        if parsed is None:
            parsed = _parse(path)
            data = _to_json(parsed)
            if data is not None:
                store.put(key, data)
        return parsed

    return load


@contextmanager
def cached_patterns(cache: DigestCache):
    """While inside, pyphen's dictionaries come from `cache` where they can."""
    _install(_loading(cache))
    try:
        yield
    finally:
        _install(_HyphDict)


def _install(make: Callable[[Path], pyphen.HyphDict]) -> None:
    pyphen.HyphDict = make  # type: ignore[misc,assignment]  # the patch itself: pyphen.Pyphen calls this name
