"""Rebuild only what changed: a content-hash key per output, kept in a small manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from briefexport import __version__
from briefexport.layouts import Layout, file_digest
from briefexport.model import Brief, Collection

MANIFEST = ".briefexport-manifest.json"


class Keys:
    """Input keys of outputs: the source, the authors it cites, its images, the layouts and
    fonts its format uses, and the package version. Layout digests are computed once per format."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self._layouts: dict[str, str] = {}

    def layout_digest(self, layout_dir: str) -> str:
        if layout_dir not in self._layouts:
            self._layouts[layout_dir] = self.layout.files_digest(layout_dir)
        return self._layouts[layout_dir]

    def brief_digest(self, brief: Brief) -> str:
        digest = hashlib.sha256(brief.source_hash.encode())
        for author_id, author in zip(brief.author_ids, brief.authors):
            digest.update(author_id.encode() + author.model_dump_json().encode())
        for image in brief.images:
            digest.update(image.src.encode() + file_digest(image.path))
        return digest.hexdigest()

    def key(self, fmt: str, layout_dir: str, item: Brief | Collection, out_root: Path) -> str:
        digest = hashlib.sha256(f"{__version__}\0{fmt}\0{out_root}\0".encode())
        digest.update(self.layout_digest(layout_dir).encode())
        if isinstance(item, Collection):
            digest.update(file_digest(item.path))
            for brief in item.briefs:
                digest.update(self.brief_digest(brief).encode())
            if item.meta.cover:
                cover = (item.path.parent / item.meta.cover)
                digest.update(file_digest(cover) if cover.is_file() else b"missing")
        else:
            digest.update(self.brief_digest(item).encode())
        return digest.hexdigest()


class Manifest:
    def __init__(self, out_root: Path):
        self.path = out_root / MANIFEST
        try:
            self.entries: dict[str, str] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.entries = {}

    def fresh(self, dest: Path, key: str) -> bool:
        return dest.is_file() and self.entries.get(self._name(dest)) == key

    def record(self, dest: Path, key: str) -> None:
        self.entries[self._name(dest)] = key

    def forget(self, dest: Path) -> None:
        self.entries.pop(self._name(dest), None)

    def _name(self, dest: Path) -> str:
        return dest.relative_to(self.path.parent).as_posix()

    def data(self) -> bytes:
        return json.dumps(self.entries, indent=1, sort_keys=True).encode()
