"""Bytes a writer made once and can reuse: kept under the output folder's cache
(`<out>/.cache/<name>/<key>`), keyed by a digest of everything that made them, so a later brief or
a later build gets the same bytes without making them again. Deleted by `make clean` with the rest
of the output folder.

A key must cover every input of the bytes (the source's digest, the options, the versions of the
libraries that made them): the cache never checks that an entry is still right, so a key that
misses an input would put stale bytes into an output. Entries are written atomically (two workers
making the same entry both write the same bytes), and the folder is kept under `limit` bytes by
dropping the least recently used entries. An entry is read back only if its bytes still match
the checksum it was written with, so a damaged file is made again, never put into an output.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from briefexport import __version__
from briefexport.atomic import write_atomic

DEFAULT_LIMIT = 64 * 1024 * 1024
_CHECK = 32  # each entry starts with the SHA-256 of its bytes, checked when it is read

# File digests this process made, by path, with the file's signature when it was read: a 4 MB
# Korean font is hashed once per process, not once per book. Kept across runs (the live preview
# builds again and again in one process) and correct across them by construction, as the build's
# hasher is (builder/hashing.py): a digest is given again only for a file whose size, mtime, ctime
# and inode are the same, and only once the file has been still for SETTLED_NS, since a file
# rewritten within one tick of its clock keeps its times.
_digests: dict[str, tuple[tuple, str]] = {}
SETTLED_NS = 2_000_000_000


def digest_key(*parts: bytes | str) -> str:
    """A key from parts, this package's version first (a new version may make other bytes)."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes (for a key), made again only when its signature changes."""
    stat = path.stat()
    signature = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    known = _digests.get(str(path))
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > SETTLED_NS:
        _digests[str(path)] = (signature, digest)
    return digest


class DigestCache:
    """One named cache folder; without a cache folder (no output folder) it keeps nothing."""

    def __init__(self, cache_dir: Path | None, name: str, limit: int = DEFAULT_LIMIT):
        self.folder = None if cache_dir is None else cache_dir / name
        self.limit = limit
        self._size: int | None = None  # bytes in the folder, counted on the first write

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        path = self.folder / key
        try:
            stored = path.read_bytes()
            os.utime(path)  # recently used: trimmed last
        except OSError:
            return None
        check, data = stored[:_CHECK], stored[_CHECK:]
        if hashlib.sha256(data).digest() != check:  # cut short or damaged: made again, as if missing
            path.unlink(missing_ok=True)
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        try:
            if self._size is None:
                self._size = sum(entry.stat().st_size for entry in self._entries())
            write_atomic(self.folder / key, hashlib.sha256(data).digest() + data)
            self._size += _CHECK + len(data)
            if self._size > self.limit:
                self._trim()
        except OSError:
            pass  # a cache that cannot be written only costs time

    def _entries(self) -> list[os.DirEntry]:
        try:
            with os.scandir(self.folder) as listing:
                return [entry for entry in listing if entry.is_file() and not entry.name.startswith(".")]
        except FileNotFoundError:
            return []

    def _trim(self) -> None:
        entries = sorted(self._entries(), key=lambda entry: entry.stat().st_mtime_ns)
        total = sum(entry.stat().st_size for entry in entries)
        for entry in entries:
            if total <= self.limit // 2:
                break
            total -= entry.stat().st_size
            Path(entry.path).unlink(missing_ok=True)
        self._size = total
